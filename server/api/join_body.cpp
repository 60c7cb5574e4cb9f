// SPDX-License-Identifier: Apache-2.0
#include "join_body.h"

#include <charconv>

namespace sluice::api {
namespace {

// The few JSON tokens a plain join body is made of; every reader answers nullopt/false for
// anything outside the plain shape.
class PlainScanner {
public:
    explicit PlainScanner(std::string_view text) : m_text(text) {}

    bool take(char c) {
        skipSpace();
        if (m_at < m_text.size() && m_text[m_at] == c) {
            ++m_at;
            return true;
        }
        return false;
    }
    // A string of printable ASCII without escapes.
    std::optional<std::string_view> string() {
        if (!take('"')) {
            return std::nullopt;
        }
        const std::size_t from = m_at;
        for (; m_at < m_text.size(); ++m_at) {
            const auto c = static_cast<unsigned char>(m_text[m_at]);
            if (c == '"') {
                return m_text.substr(from, m_at++ - from);
            }
            if (c < 0x20 || c > 0x7e || c == '\\') {
                return std::nullopt;
            }
        }
        return std::nullopt;
    }
    // A whole number in JSON's form (no sign, no leading zero, no fraction or exponent: a
    // '.' or 'e' after the digits is not a separator, so the caller's next take() fails)
    // that fits in 64 bits.
    std::optional<std::uint64_t> wholeNumber() {
        skipSpace();
        const std::size_t from = m_at;
        while (m_at < m_text.size() && m_text[m_at] >= '0' && m_text[m_at] <= '9') {
            ++m_at;
        }
        const std::size_t digits = m_at - from;
        if (digits == 0 || (digits > 1 && m_text[from] == '0')) {
            return std::nullopt;
        }
        std::uint64_t n = 0;
        const auto [end, ec] = std::from_chars(m_text.data() + from, m_text.data() + m_at, n);
        if (ec != std::errc{} || end != m_text.data() + m_at) {
            return std::nullopt;
        }
        return n;
    }
    bool atEnd() {
        skipSpace();
        return m_at == m_text.size();
    }

private:
    void skipSpace() {
        while (m_at < m_text.size() && (m_text[m_at] == ' ' || m_text[m_at] == '\t' ||
                                        m_text[m_at] == '\n' || m_text[m_at] == '\r')) {
            ++m_at;
        }
    }

    std::string_view m_text;
    std::size_t m_at = 0;
};

// The value of "pow": exactly a challenge string and a counter, in either order.
std::optional<PowAnswer> readAnswer(PlainScanner& in) {
    if (!in.take('{')) {
        return std::nullopt;
    }
    PowAnswer answer;
    bool challenge = false, counter = false;
    do {
        const auto key = in.string();
        if (!key || !in.take(':')) {
            return std::nullopt;
        }
        if (*key == "challenge" && !challenge) {
            const auto text = in.string();
            if (!text) {
                return std::nullopt;
            }
            answer.challenge = *text;
            challenge = true;
        } else if (*key == "counter" && !counter) {
            const auto n = in.wholeNumber();
            if (!n) {
                return std::nullopt;
            }
            answer.counter = *n;
            counter = true;
        } else {
            return std::nullopt;
        }
    } while (in.take(','));
    if (!in.take('}') || !challenge || !counter) {
        return std::nullopt;
    }
    return answer;
}

} // namespace

std::optional<PlainJoinBody> readPlainJoinBody(std::string_view body) {
    PlainScanner in(body);
    PlainJoinBody out;
    if (!in.take('{')) {
        return std::nullopt;
    }
    if (in.take('}')) {
        return in.atEnd() ? std::optional(out) : std::nullopt;
    }
    do {
        const auto key = in.string();
        if (!key || !in.take(':')) {
            return std::nullopt;
        }
        if (*key == "pow" && !out.pow) {
            out.pow = readAnswer(in);
            if (!out.pow) {
                return std::nullopt;
            }
        } else if (*key == "birthDate" && !out.birthDate) {
            out.birthDate = in.string();
            if (!out.birthDate) {
                return std::nullopt;
            }
        } else {
            return std::nullopt;
        }
    } while (in.take(','));
    if (!in.take('}') || !in.atEnd()) {
        return std::nullopt;
    }
    return out;
}

} // namespace sluice::api
