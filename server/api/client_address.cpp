// SPDX-License-Identifier: Apache-2.0
#include "client_address.h"

#include <algorithm>
#include <arpa/inet.h>
#include <charconv>

namespace sluice::api {
namespace {

// The address's bytes (4 or 16); false when it is neither form.
bool addressBytes(std::string_view text, bool& v6, std::array<std::uint8_t, 16>& out) {
    if (text.empty() || text.size() >= INET6_ADDRSTRLEN) {
        return false;
    }
    const std::string s(text);
    out.fill(0);
    if (inet_pton(AF_INET, s.c_str(), out.data()) == 1) {
        v6 = false;
        return true;
    }
    if (inet_pton(AF_INET6, s.c_str(), out.data()) == 1) {
        v6 = true;
        return true;
    }
    return false;
}

} // namespace

std::string clientAddress(const Call& call, const std::string& trustedProxy) {
    std::string client = call.responder.peer();
    if (!trustedProxy.empty() && client == trustedProxy) {
        if (const auto real = call.request.header("x-real-ip");
            real && !real->empty() && real->size() < 64) {
            client = std::string(*real);
        }
    }
    return client;
}

engine::Result<AddressRanges> AddressRanges::parse(std::string_view list) {
    AddressRanges ranges;
    while (!list.empty()) {
        const std::size_t comma = list.find(',');
        std::string_view item = list.substr(0, comma);
        list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
        while (!item.empty() && item.front() == ' ') {
            item.remove_prefix(1);
        }
        while (!item.empty() && item.back() == ' ') {
            item.remove_suffix(1);
        }
        if (item.empty()) {
            continue;
        }
        Range r;
        const std::size_t slash = item.find('/');
        const bool parsed = addressBytes(item.substr(0, slash), r.v6, r.bytes);
        const int bits = r.v6 ? 128 : 32;
        r.prefix = bits;
        bool prefixOk = true;
        if (slash != std::string_view::npos) {
            const std::string_view p = item.substr(slash + 1);
            const auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), r.prefix);
            prefixOk = ec == std::errc{} && end == p.data() + p.size() && r.prefix >= 0 &&
                       r.prefix <= bits && !p.empty();
        }
        if (!parsed || !prefixOk) {
            return engine::Status::invalidArgument(
                "not an address or CIDR block: \"" + std::string(item) +
                "\" (e.g. 100.64.0.0/10, 2001:db8::/32, 192.0.2.7)");
        }
        ranges.m_ranges.push_back(r);
    }
    return ranges;
}

bool AddressRanges::contains(std::string_view address) const {
    bool v6 = false;
    std::array<std::uint8_t, 16> bytes{};
    if (m_ranges.empty() || !addressBytes(address, v6, bytes)) {
        return false;
    }
    return std::any_of(m_ranges.begin(), m_ranges.end(), [&](const Range& r) {
        if (r.v6 != v6) {
            return false;
        }
        const int whole = r.prefix / 8;
        if (!std::equal(r.bytes.begin(), r.bytes.begin() + whole, bytes.begin())) {
            return false;
        }
        const int rest = r.prefix % 8;
        if (rest == 0) {
            return true;
        }
        const auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
        return (r.bytes[static_cast<std::size_t>(whole)] & mask) ==
               (bytes[static_cast<std::size_t>(whole)] & mask);
    });
}

std::size_t TokenAddresses::record(const std::string& jti, const std::string& address,
                                   engine::TimeMs now) {
    auto [it, fresh] = m_tokens.try_emplace(jti);
    Seen& seen = it->second;
    seen.at = now;
    if (fresh) {
        seen.first = address;
        return 1;
    }
    if (address == seen.first) {
        return 1 + seen.others.size();
    }
    if (seen.others.empty()) {
        ++m_shared;
    }
    if (seen.others.size() < kMaxOthers &&
        std::find(seen.others.begin(), seen.others.end(), address) == seen.others.end()) {
        seen.others.push_back(address);
    }
    ++m_foreignChecks;
    return 1 + seen.others.size();
}

void TokenAddresses::forgetIdle(engine::TimeMs now) {
    std::erase_if(m_tokens, [this, now](const auto& entry) {
        const bool idle = now - entry.second.at > 600'000;
        if (idle && !entry.second.others.empty()) {
            --m_shared;
        }
        return idle;
    });
}

} // namespace sluice::api
