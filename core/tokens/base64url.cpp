// SPDX-License-Identifier: Apache-2.0
#include "base64url.h"

#include <array>

namespace sluice::tokens {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

constexpr std::array<std::int8_t, 256> makeDecodeTable() {
    std::array<std::int8_t, 256> t{};
    for (auto& v : t) {
        v = -1;
    }
    for (int i = 0; i < 64; ++i) {
        t[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::int8_t>(i);
    }
    return t;
}
constexpr auto kDecode = makeDecodeTable();

std::size_t decodedSize(std::size_t chars) {
    return chars / 4 * 3 + (chars % 4 ? chars % 4 - 1 : 0);
}

} // namespace

std::string base64UrlEncode(std::span<const std::uint8_t> in) {
    std::string out;
    out.reserve((in.size() * 4 + 2) / 3);
    std::size_t i = 0;
    for (; i + 3 <= in.size(); i += 3) {
        const std::uint32_t v =
            (std::uint32_t{in[i]} << 16) | (std::uint32_t{in[i + 1]} << 8) | in[i + 2];
        out.push_back(kAlphabet[(v >> 18) & 63]);
        out.push_back(kAlphabet[(v >> 12) & 63]);
        out.push_back(kAlphabet[(v >> 6) & 63]);
        out.push_back(kAlphabet[v & 63]);
    }
    const std::size_t rest = in.size() - i;
    if (rest > 0) {
        std::uint32_t v = std::uint32_t{in[i]} << 16;
        if (rest == 2) {
            v |= std::uint32_t{in[i + 1]} << 8;
        }
        out.push_back(kAlphabet[(v >> 18) & 63]);
        out.push_back(kAlphabet[(v >> 12) & 63]);
        if (rest == 2) {
            out.push_back(kAlphabet[(v >> 6) & 63]);
        }
    }
    return out;
}

bool base64UrlDecodeExact(std::string_view text, std::span<std::uint8_t> out) {
    if (text.size() % 4 == 1 || decodedSize(text.size()) != out.size()) {
        return false;
    }
    std::size_t o = 0;
    std::uint32_t acc = 0;
    int bits = 0;
    for (char c : text) {
        const std::int8_t d = kDecode[static_cast<unsigned char>(c)];
        if (d < 0) {
            return false;
        }
        acc = (acc << 6) | static_cast<std::uint32_t>(d);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = static_cast<std::uint8_t>((acc >> bits) & 0xFF);
        }
    }
    // Leftover bits must be zero: "AB" and "AC" may not both decode to the same byte.
    return (acc & ((1u << bits) - 1)) == 0;
}

std::optional<std::vector<std::uint8_t>> base64UrlDecode(std::string_view text) {
    if (text.size() % 4 == 1) {
        return std::nullopt;
    }
    std::vector<std::uint8_t> out(decodedSize(text.size()));
    if (!base64UrlDecodeExact(text, out)) {
        return std::nullopt;
    }
    return out;
}

} // namespace sluice::tokens
