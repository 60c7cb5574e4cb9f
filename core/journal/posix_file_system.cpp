// SPDX-License-Identifier: Apache-2.0
// The real file system under the journal: POSIX calls, EINTR retried, every error an
// IoError naming the file and errno's text.
#include "file_system.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sluice::journal {
namespace {

using engine::Result;
using engine::Status;

Status errnoStatus(const std::string& what) {
    return Status::ioError(what + ": " + std::strerror(errno));
}

// Owns a descriptor: closed when it goes.
class Descriptor {
public:
    explicit Descriptor(int fd) : m_fd(fd) {}
    ~Descriptor() {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
    }
    Descriptor(const Descriptor&) = delete;
    Descriptor& operator=(const Descriptor&) = delete;
    int fd() const { return m_fd; }

private:
    int m_fd;
};

class PosixWritableFile final : public WritableFile {
public:
    PosixWritableFile(int fd, std::filesystem::path path) : m_fd(fd), m_path(std::move(path)) {}

    Status append(std::string_view data) override {
        while (!data.empty()) {
            const ssize_t n = ::write(m_fd.fd(), data.data(), data.size());
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n < 0) {
                return errnoStatus("cannot write " + m_path.string());
            }
            if (n == 0) { // write(2) makes no progress only when something is wrong
                errno = EIO;
                return errnoStatus("cannot write " + m_path.string());
            }
            data.remove_prefix(static_cast<std::size_t>(n));
        }
        return Status::ok();
    }

    Status sync() override {
        if (::fdatasync(m_fd.fd()) != 0) {
            return errnoStatus("cannot sync " + m_path.string());
        }
        return Status::ok();
    }

private:
    Descriptor m_fd;
    const std::filesystem::path m_path;
};

class PosixReadableFile final : public ReadableFile {
public:
    PosixReadableFile(int fd, std::filesystem::path path) : m_fd(fd), m_path(std::move(path)) {}

    Result<std::uint64_t> size() override {
        struct stat info {};
        if (::fstat(m_fd.fd(), &info) != 0) {
            return errnoStatus("cannot read the size of " + m_path.string());
        }
        return static_cast<std::uint64_t>(info.st_size);
    }

    Result<std::size_t> read(char* buffer, std::size_t size) override {
        for (;;) {
            const ssize_t n = ::read(m_fd.fd(), buffer, size);
            if (n >= 0) {
                return static_cast<std::size_t>(n);
            }
            if (errno != EINTR) {
                return errnoStatus("cannot read " + m_path.string());
            }
        }
    }

private:
    Descriptor m_fd;
    const std::filesystem::path m_path;
};

class PosixFileLock final : public FileLock {
public:
    explicit PosixFileLock(int fd) : m_fd(fd) {}

private:
    Descriptor m_fd; // flock goes with the descriptor
};

class PosixFileSystem final : public FileSystem {
public:
    Result<std::unique_ptr<WritableFile>> openWritable(const std::filesystem::path& path,
                                                       std::uint64_t keepBytes) override {
        const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
        if (fd < 0) {
            return errnoStatus("cannot open " + path.string());
        }
        auto file = std::make_unique<PosixWritableFile>(fd, path);
        if (::ftruncate(fd, static_cast<off_t>(keepBytes)) != 0 ||
            ::lseek(fd, static_cast<off_t>(keepBytes), SEEK_SET) < 0) {
            return errnoStatus("cannot prepare " + path.string());
        }
        return std::unique_ptr<WritableFile>(std::move(file));
    }

    Result<std::unique_ptr<ReadableFile>> openReadable(const std::filesystem::path& path) override {
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            return errnoStatus("cannot read " + path.string());
        }
        return std::unique_ptr<ReadableFile>(std::make_unique<PosixReadableFile>(fd, path));
    }

    Status rename(const std::filesystem::path& from, const std::filesystem::path& to) override {
        if (::rename(from.c_str(), to.c_str()) != 0) {
            return errnoStatus("cannot rename " + from.string());
        }
        return Status::ok();
    }

    Status remove(const std::filesystem::path& path) override {
        if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
            return errnoStatus("cannot remove " + path.string());
        }
        return Status::ok();
    }

    Status syncDirectory(const std::filesystem::path& dir) override {
        const Descriptor fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (fd.fd() < 0) {
            return errnoStatus("cannot open the directory " + dir.string());
        }
        if (::fsync(fd.fd()) != 0) {
            return errnoStatus("cannot sync the directory " + dir.string());
        }
        return Status::ok();
    }

    Status createDirectories(const std::filesystem::path& dir) override {
        std::error_code ec;
        std::filesystem::create_directories(dir, ec);
        if (ec) {
            return Status::ioError("cannot create " + dir.string() + ": " + ec.message());
        }
        return Status::ok();
    }

    Result<std::vector<std::string>> children(const std::filesystem::path& dir) override {
        std::error_code ec;
        std::vector<std::string> names;
        for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
            names.push_back(entry.path().filename().string());
        }
        if (ec) {
            return Status::ioError("cannot list " + dir.string() + ": " + ec.message());
        }
        return names;
    }

    Result<std::unique_ptr<FileLock>> lock(const std::filesystem::path& path) override {
        const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (fd < 0) {
            return errnoStatus("cannot open " + path.string());
        }
        auto held = std::make_unique<PosixFileLock>(fd);
        if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
            return Status::failedPrecondition(path.string() + " is locked by another process");
        }
        return std::unique_ptr<FileLock>(std::move(held));
    }
};

} // namespace

FileSystem& posixFileSystem() {
    static PosixFileSystem fs;
    return fs;
}

} // namespace sluice::journal
