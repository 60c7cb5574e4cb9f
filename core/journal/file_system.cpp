// SPDX-License-Identifier: Apache-2.0
#include "file_system.h"

namespace sluice::journal {

using engine::Result;
using engine::Status;

Result<std::string> readWholeFile(FileSystem& fs, const std::filesystem::path& path) {
    auto file = fs.openReadable(path);
    if (!file.isOk()) {
        return file.status();
    }
    auto size = file.value()->size();
    if (!size.isOk()) {
        return size.status();
    }
    std::string bytes(size.value(), '\0');
    std::size_t got = 0;
    while (got < bytes.size()) {
        auto n = file.value()->read(bytes.data() + got, bytes.size() - got);
        if (!n.isOk()) {
            return n.status();
        }
        if (n.value() == 0) {
            return Status::ioError("cannot read " + path.string() + ": it ended after " +
                                   std::to_string(got) + " of its " + std::to_string(bytes.size()) +
                                   " bytes (a short read)");
        }
        got += n.value();
    }
    return bytes;
}

Status writeWholeFile(FileSystem& fs, const std::filesystem::path& path, std::string_view bytes) {
    std::filesystem::path temporary = path;
    temporary += ".tmp";
    Status written;
    {
        auto file = fs.openWritable(temporary, 0);
        if (!file.isOk()) {
            return file.status();
        }
        written = file.value()->append(bytes);
        if (written.isOk()) {
            written = file.value()->sync();
        }
    } // closed before the rename
    if (!written.isOk()) {
        (void)fs.remove(temporary); // best effort: a leftover is never read
        return written;
    }
    if (Status s = fs.rename(temporary, path); !s.isOk()) {
        return s;
    }
    return fs.syncDirectory(path.parent_path());
}

} // namespace sluice::journal
