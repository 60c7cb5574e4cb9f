// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <utility>

namespace sluice::engine {

// Outcome of an engine command. Core code never throws across layers: a caller gets a
// Status, and the Qt edge turns it into a dialog, a log line or an HTTP 4xx with this text.
// [[nodiscard]]: a Status ignored is an error lost, so ignoring one does not compile; where
// ignoring is right, the call says so with a comment and an explicit (void).
class [[nodiscard]] Status {
public:
    enum class Code {
        Ok,
        InvalidArgument,    // the request itself is wrong (bad field, value out of range)
        NotFound,           // no such ticket / session
        FailedPrecondition, // valid request, wrong moment (e.g. claim before admission)
        NotEligible,        // birth date outside every cohort window
        PermissionDenied,   // signature, event or algorithm check failed
        IoError,            // files (keys, journal)
    };

    Status() = default;
    static Status ok() { return {}; }
    static Status invalidArgument(std::string m) { return {Code::InvalidArgument, std::move(m)}; }
    static Status notFound(std::string m) { return {Code::NotFound, std::move(m)}; }
    static Status failedPrecondition(std::string m) {
        return {Code::FailedPrecondition, std::move(m)};
    }
    static Status notEligible(std::string m) { return {Code::NotEligible, std::move(m)}; }
    static Status permissionDenied(std::string m) { return {Code::PermissionDenied, std::move(m)}; }
    static Status ioError(std::string m) { return {Code::IoError, std::move(m)}; }

    // A status read back from storage (a cluster snapshot's remembered outcomes).
    static Status withCode(Code code, std::string m) { return {code, std::move(m)}; }

    bool isOk() const { return m_code == Code::Ok; }
    Code code() const { return m_code; }
    const std::string& message() const { return m_message; }

private:
    Status(Code code, std::string message) : m_code(code), m_message(std::move(message)) {}
    Code m_code = Code::Ok;
    std::string m_message;
};

// A value or the Status that explains why there is none. [[nodiscard]] like Status.
template <typename T> class [[nodiscard]] Result {
public:
    Result(T value) : m_value(std::move(value)) {}         // NOLINT(google-explicit-constructor)
    Result(Status status) : m_status(std::move(status)) {} // NOLINT(google-explicit-constructor)

    bool isOk() const { return m_status.isOk() && m_value.has_value(); }
    const Status& status() const { return m_status; }
    const T& value() const& { return *m_value; }
    T& value() & { return *m_value; }
    T&& value() && { return std::move(*m_value); }
    const T* operator->() const { return &*m_value; }

private:
    Status m_status;
    std::optional<T> m_value;
};

} // namespace sluice::engine
