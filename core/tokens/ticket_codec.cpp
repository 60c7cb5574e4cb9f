// SPDX-License-Identifier: Apache-2.0
#include "ticket_codec.h"

#include "base64url.h"
#include "big_endian.h"

#include <algorithm>
#include <array>

namespace sluice::tokens {
namespace {

constexpr std::uint8_t kUnboundVersion = 1;
constexpr std::uint8_t kBoundVersion = 2;
constexpr std::size_t kHeadBytes = 15; // version, event tag, seq, issued-at
constexpr std::size_t kDeviceBytes = std::tuple_size_v<DeviceHash>;
constexpr std::size_t kMacBytes = 16;
// Room for the longer (bound) form; an unbound ticket uses the first 31 bytes.
using Raw = std::array<std::uint8_t, kHeadBytes + kDeviceBytes + kMacBytes>;

} // namespace

std::uint32_t eventTagOf(std::string_view eventId) {
    std::uint32_t h = 2166136261u;
    for (char c : eventId) {
        h ^= static_cast<unsigned char>(c);
        h *= 16777619u;
    }
    return h;
}

engine::Result<TicketCodec> TicketCodec::create(std::span<const std::uint8_t> key,
                                                std::string_view eventId) {
    if (key.size() < 32) {
        return engine::Status::invalidArgument("ticket key: at least 32 bytes expected");
    }
    auto mac = HmacSha256::create(key);
    if (!mac) {
        return engine::Status::ioError("OpenSSL: HMAC-SHA256 is not available");
    }
    return TicketCodec(std::move(*mac), eventTagOf(eventId));
}

std::string TicketCodec::sign(engine::TicketSeq seq, engine::TimeMs issuedAt,
                              const std::optional<DeviceHash>& device) {
    Raw raw{};
    raw[0] = device ? kBoundVersion : kUnboundVersion;
    putBigEndian(&raw[1], m_eventTag, 4);
    putBigEndian(&raw[5], seq, 4);
    putBigEndian(&raw[9], static_cast<std::uint64_t>(issuedAt), 6);
    const std::size_t payload = device ? kHeadBytes + kDeviceBytes : kHeadBytes;
    if (device) {
        std::copy(device->begin(), device->end(), raw.begin() + kHeadBytes);
    }
    const auto mac = m_mac.compute(std::span(raw.data(), payload));
    std::copy_n(mac.begin(), kMacBytes, raw.begin() + payload);
    return base64UrlEncode(std::span(raw.data(), payload + kMacBytes));
}

engine::Result<TicketClaims> TicketCodec::verify(std::string_view ticket,
                                                 engine::TokenRejection& reason) {
    Raw raw{};
    const bool bound = ticket.size() == kBoundEncodedLength;
    const std::size_t payload = bound ? kHeadBytes + kDeviceBytes : kHeadBytes;
    if ((ticket.size() != kEncodedLength && !bound) ||
        !base64UrlDecodeExact(ticket, std::span(raw.data(), payload + kMacBytes)) ||
        raw[0] != (bound ? kBoundVersion : kUnboundVersion)) {
        reason = engine::TokenRejection::Malformed;
        return engine::Status::invalidArgument("ticket: malformed");
    }
    const auto mac = m_mac.compute(std::span(raw.data(), payload));
    if (!constantTimeEqual(std::span(mac.data(), kMacBytes),
                           std::span(raw.data() + payload, kMacBytes))) {
        reason = engine::TokenRejection::BadSignature;
        return engine::Status::permissionDenied("ticket: signature does not verify");
    }
    if (getBigEndian(&raw[1], 4) != m_eventTag) {
        reason = engine::TokenRejection::WrongEvent;
        return engine::Status::permissionDenied("ticket: issued for another event");
    }
    TicketClaims claims{static_cast<engine::TicketSeq>(getBigEndian(&raw[5], 4)),
                        static_cast<engine::TimeMs>(getBigEndian(&raw[9], 6)), std::nullopt};
    if (bound) {
        claims.device.emplace();
        std::copy_n(raw.begin() + kHeadBytes, kDeviceBytes, claims.device->begin());
    }
    return claims;
}

} // namespace sluice::tokens
