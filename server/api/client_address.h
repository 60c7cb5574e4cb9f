// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/status.h"
#include "engine/time_types.h"
#include "route_table.h"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sluice::api {

// The client's address: the peer, or the X-Real-IP header when the peer is the trusted
// proxy (`trustedProxy`, e.g. nginx on 127.0.0.1); from anyone else the header is ignored.
std::string clientAddress(const Call& call, const std::string& trustedProxy);

// Address ranges an operator lists (--join-limit-exempt "10.0.0.0/8,2001:db8::/32"): IPv4
// and IPv6 CIDR blocks; a bare address is a block of one.
class AddressRanges {
public:
    static engine::Result<AddressRanges> parse(std::string_view list);
    // False for anything that is not an IPv4 or IPv6 address.
    bool contains(std::string_view address) const;
    bool empty() const { return m_ranges.empty(); }

private:
    struct Range {
        bool v6 = false;
        std::array<std::uint8_t, 16> bytes{};
        int prefix = 0;
    };
    std::vector<Range> m_ranges;
};

// Concurrent use of one admission token from several addresses, as the gate sees it: per
// token (its jti) the first address it was checked from and the others since. A token in
// use from two places at once has been copied (with its device cookie, or it is unbound).
// Entries idle for the forget interval are dropped, so memory follows live tokens.
class TokenAddresses {
public:
    // Records a gate check; returns how many different addresses the token has been checked
    // from so far, this one included (1: only ever its first; counted up to kMaxOthers + 1).
    std::size_t record(const std::string& jti, const std::string& address, engine::TimeMs now);
    void forgetIdle(engine::TimeMs now);
    std::uint64_t foreignChecks() const { return m_foreignChecks; }
    // Tokens seen from more than one address among those remembered.
    std::size_t sharedTokens() const { return m_shared; }

private:
    struct Seen {
        std::string first;
        std::vector<std::string> others; // at most kMaxOthers
        engine::TimeMs at = 0;
    };

public:
    static constexpr std::size_t kMaxOthers = 8;

private:
    std::unordered_map<std::string, Seen> m_tokens;
    std::uint64_t m_foreignChecks = 0;
    std::size_t m_shared = 0;
};

} // namespace sluice::api
