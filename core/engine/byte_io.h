// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace sluice::engine {

// Little-endian binary fields for the engine's snapshots and the journal's records. The
// reader never reads past its input: a short or garbled input turns ok() false and every
// later read yields zeros, so a decoder checks ok() once at the end.
class ByteWriter {
public:
    void u8(std::uint8_t v) { m_out.push_back(static_cast<char>(v)); }
    void u32(std::uint32_t v) { fixed(v); }
    void u64(std::uint64_t v) { fixed(v); }
    void i64(std::int64_t v) { fixed(static_cast<std::uint64_t>(v)); }
    void f64(double v) { fixed(std::bit_cast<std::uint64_t>(v)); }
    void text(std::string_view s) {
        u32(static_cast<std::uint32_t>(s.size()));
        m_out.append(s);
    }
    void raw(const void* data, std::size_t size) {
        m_out.append(static_cast<const char*>(data), size);
    }
    std::string& buffer() { return m_out; }
    std::string take() { return std::move(m_out); }

private:
    template <typename T> void fixed(T v) {
        char bytes[sizeof(T)];
        for (std::size_t i = 0; i < sizeof(T); ++i) {
            bytes[i] = static_cast<char>((v >> (8 * i)) & 0xFF);
        }
        m_out.append(bytes, sizeof(T));
    }
    std::string m_out;
};

class ByteReader {
public:
    explicit ByteReader(std::string_view in) : m_in(in) {}

    std::uint8_t u8() { return static_cast<std::uint8_t>(fixed<std::uint8_t>()); }
    std::uint32_t u32() { return fixed<std::uint32_t>(); }
    std::uint64_t u64() { return fixed<std::uint64_t>(); }
    std::int64_t i64() { return static_cast<std::int64_t>(fixed<std::uint64_t>()); }
    double f64() { return std::bit_cast<double>(fixed<std::uint64_t>()); }
    // A length-prefixed string of at most `maxBytes`.
    std::string text(std::size_t maxBytes) {
        const std::uint32_t n = u32();
        if (n > maxBytes || n > m_in.size()) {
            m_ok = false;
            return {};
        }
        std::string s(m_in.substr(0, n));
        m_in.remove_prefix(n);
        return s;
    }
    bool raw(void* out, std::size_t size) {
        if (!m_ok || size > m_in.size()) {
            m_ok = false;
            return false;
        }
        std::memcpy(out, m_in.data(), size);
        m_in.remove_prefix(size);
        return true;
    }
    // A count of items each at least `minItemBytes` long: refuses counts the input cannot
    // hold, so a garbled count cannot make the decoder allocate gigabytes.
    std::uint64_t count(std::size_t minItemBytes) {
        const std::uint64_t n = u64();
        if (minItemBytes > 0 && n > m_in.size() / minItemBytes) {
            m_ok = false;
            return 0;
        }
        return n;
    }
    // The next byte without taking it (0 at the end: callers compare with a nonzero value).
    std::uint8_t peekU8() const {
        return m_ok && !m_in.empty() ? static_cast<std::uint8_t>(m_in.front()) : 0;
    }
    void fail() { m_ok = false; }
    bool ok() const { return m_ok; }
    bool atEnd() const { return m_in.empty(); }

private:
    template <typename T> T fixed() {
        if (!m_ok || m_in.size() < sizeof(T)) {
            m_ok = false;
            return 0;
        }
        T v = 0;
        for (std::size_t i = 0; i < sizeof(T); ++i) {
            v |= static_cast<T>(static_cast<T>(static_cast<unsigned char>(m_in[i])) << (8 * i));
        }
        m_in.remove_prefix(sizeof(T));
        return v;
    }
    std::string_view m_in;
    bool m_ok = true;
};

} // namespace sluice::engine
