# SPDX-License-Identifier: Apache-2.0
# Issues a token with the project's code, then has jose verify it.
execute_process(COMMAND ${FIXTURE} ${OUT} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "token_fixture failed (${rc})")
endif()
execute_process(COMMAND ${NODE} ${SCRIPT} ${OUT} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "jose refused the token (${rc})")
endif()
