// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace sluice::api {

// A solution as a join body carries it: {"challenge": "…", "counter": N}.
struct PowAnswer {
    std::string_view challenge;
    std::uint64_t counter = 0;
};

// The members of a join body in its plain shape, pointing into the body.
struct PlainJoinBody {
    std::optional<std::string_view> birthDate;
    std::optional<PowAnswer> pow;
};

// Reads a join body of the plain shape — `{}`, `{"pow": {"challenge": "…", "counter": N}}`,
// `{"birthDate": "…"}` or both, members in any order, JSON whitespace anywhere — without
// building a JSON tree: on launch night every join carries a solution, and nlohmann's tree
// of it cost about 2 µs a join, a sixth of the whole join. Anything else (escapes,
// non-ASCII, other or repeated members, other types, numbers that are not plain whole
// numbers) gives nullopt: the caller reads it with the general JSON reader, which accepts or
// refuses it with its own messages. So this path changes the speed, never an answer.
std::optional<PlainJoinBody> readPlainJoinBody(std::string_view body);

} // namespace sluice::api
