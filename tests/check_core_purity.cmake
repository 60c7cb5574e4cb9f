# SPDX-License-Identifier: Apache-2.0
# The engine must stay a pure state machine: no clock reads, no Qt, no randomness from the
# system, no files. Fails naming the file and the forbidden text.
file(GLOB_RECURSE sources "${CORE_DIR}/engine/*.h" "${CORE_DIR}/engine/*.cpp")
set(forbidden "::now\\(" "time\\(nullptr\\)" "time\\(NULL\\)" "gettimeofday" "clock_gettime"
              "#include <Q" "random_device" "rand\\(\\)" "fopen" "fstream" "<thread>")
set(problems "")
foreach(f ${sources})
  file(READ "${f}" text)
  foreach(pattern ${forbidden})
    if(text MATCHES "${pattern}")
      string(APPEND problems "\n  ${f}: matches '${pattern}'")
    endif()
  endforeach()
endforeach()
list(LENGTH sources count)
if(count LESS 10)
  message(FATAL_ERROR "expected the engine sources under ${CORE_DIR}/engine, found ${count}")
endif()
if(problems)
  message(FATAL_ERROR "core/engine must not read clocks, use Qt or do I/O:${problems}")
endif()
message(STATUS "${count} engine files checked: no clock, Qt, system randomness or I/O")
