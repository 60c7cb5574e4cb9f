// SPDX-License-Identifier: Apache-2.0
#include "key_store.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <openssl/rand.h>
#include <span>
#include <spdlog/spdlog.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace sluice::tokens {
namespace {

using engine::Status;
namespace fs = std::filesystem;

std::shared_ptr<spdlog::logger> keyLog() {
    auto logger = spdlog::get("sluice.keys");
    return logger ? logger : spdlog::default_logger();
}

std::string errnoText() {
    return std::strerror(errno);
}

class Fd {
public:
    explicit Fd(int fd) : m_fd(fd) {}
    ~Fd() {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return m_fd; }

private:
    int m_fd;
};

Status readKey(const fs::path& path, std::span<std::uint8_t> out) {
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
    if (fd.get() < 0) {
        return Status::ioError(path.string() + ": cannot open: " + errnoText());
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) {
        return Status::ioError(path.string() + ": cannot stat: " + errnoText());
    }
    if ((st.st_mode & 077) != 0) {
        return Status::permissionDenied(path.string() +
                                        ": readable by group or others; chmod 600 it or remove it");
    }
    if (st.st_size != static_cast<off_t>(out.size())) {
        return Status::ioError(path.string() + ": expected " + std::to_string(out.size()) +
                               " bytes, found " + std::to_string(st.st_size) +
                               " (corrupt key file)");
    }
    if (::read(fd.get(), out.data(), out.size()) != static_cast<ssize_t>(out.size())) {
        return Status::ioError(path.string() + ": short read");
    }
    return Status::ok();
}

Status writeKey(const fs::path& dir, const fs::path& path, std::span<const std::uint8_t> key) {
    const fs::path tmp = path.string() + ".tmp";
    ::unlink(tmp.c_str());
    {
        Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
        if (fd.get() < 0) {
            return Status::ioError(tmp.string() + ": cannot create: " + errnoText());
        }
        if (::write(fd.get(), key.data(), key.size()) != static_cast<ssize_t>(key.size()) ||
            ::fsync(fd.get()) != 0) {
            return Status::ioError(tmp.string() + ": cannot write: " + errnoText());
        }
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        return Status::ioError(path.string() + ": cannot rename into place: " + errnoText());
    }
    Fd dirFd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dirFd.get() >= 0) {
        ::fsync(dirFd.get());
    }
    keyLog()->info("generated key file={}", path.string());
    return Status::ok();
}

Status loadOrCreate(const fs::path& dir, const char* name, std::span<std::uint8_t> out) {
    const fs::path path = dir / name;
    std::error_code ec;
    if (fs::exists(path, ec)) {
        return readKey(path, out);
    }
    if (RAND_bytes(out.data(), static_cast<int>(out.size())) != 1) {
        return Status::ioError("OpenSSL: no randomness for a new key");
    }
    return writeKey(dir, path, out);
}

} // namespace

engine::Result<ServerKeys> loadOrCreateServerKeys(const fs::path& dir) {
    std::error_code ec;
    if (!fs::exists(dir, ec)) {
        fs::create_directories(dir, ec);
        if (ec) {
            return Status::ioError(dir.string() + ": cannot create: " + ec.message());
        }
        ::chmod(dir.c_str(), 0700);
    }
    if (!fs::is_directory(dir, ec)) {
        return Status::ioError(dir.string() + ": not a directory");
    }
    std::array<std::uint8_t, 32> ticketKey{};
    if (Status s = loadOrCreate(dir, "ticket-hmac.key", ticketKey); !s.isOk()) {
        return s;
    }
    Ed25519Seed seed{};
    if (Status s = loadOrCreate(dir, "admission-ed25519.key", seed); !s.isOk()) {
        return s;
    }
    auto pair = Ed25519KeyPair::fromSeed(seed);
    if (!pair.isOk()) {
        return pair.status();
    }
    return ServerKeys{ticketKey, std::move(pair).value()};
}

} // namespace sluice::tokens
