// SPDX-License-Identifier: Apache-2.0
// Raw Redis Stream figures for bench/cluster/bench_cluster.sh, with hiredis as the nodes use it.
//
//   log_load wait  --port P --key K --clients C --seconds S --bytes N [--replicas R]
//     The reference for acknowledged joins: C clients (one thread and connection each), each
//     sending XADD K * e <N bytes> and WAIT R 1000 in one round trip, again and again, as
//     redis-benchmark would if it could send two commands per request. Prints the
//     acknowledged appends per second (WAIT answered >= R) and their latency.
//
//   log_load fill  --port P --key K --count N --kind KIND
//     Appends the bytes of the largest entry of kind KIND (core/cluster/log_entry.h: 1 = join,
//     8 = seen) in stream K N more times, in pipelines of 1,000: a long log for the catch-up
//     measurement, made in seconds instead of minutes.
//
//   log_load census --port P --key K
//     Entries of each kind in stream K and their mean size (bytes of the field "e").
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <hiredis/hiredis.h>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

redisContext* connectTo(int port) {
    redisContext* c = redisConnect("127.0.0.1", port);
    if (c == nullptr || c->err != 0) {
        std::fprintf(stderr, "log_load: cannot connect to 127.0.0.1:%d\n", port);
        std::exit(1);
    }
    return c;
}

// One reply, or exit: a benchmark that loses its Redis has nothing to report.
redisReply* replyOf(redisContext* c) {
    void* r = nullptr;
    if (redisGetReply(c, &r) != REDIS_OK || r == nullptr) {
        std::fprintf(stderr, "log_load: %s\n", c->errstr);
        std::exit(1);
    }
    return static_cast<redisReply*>(r);
}

struct ClientResult {
    std::vector<double> latenciesMs;
    std::uint64_t shortfalls = 0; // WAIT answered fewer replicas than asked
};

void waitClient(int port, const std::string& key, const std::string& payload, int replicas,
                Clock::time_point end, ClientResult& out) {
    redisContext* c = connectTo(port);
    const std::string wanted = std::to_string(replicas);
    while (Clock::now() < end) {
        const auto sent = Clock::now();
        redisAppendCommand(c, "XADD %b * e %b", key.data(), key.size(), payload.data(),
                           payload.size());
        redisAppendCommand(c, "WAIT %s 1000", wanted.c_str());
        freeReplyObject(replyOf(c));
        redisReply* waited = replyOf(c);
        if (waited->type != REDIS_REPLY_INTEGER || waited->integer < replicas) {
            ++out.shortfalls;
        } else {
            out.latenciesMs.push_back(
                std::chrono::duration<double, std::milli>(Clock::now() - sent).count());
        }
        freeReplyObject(waited);
    }
    redisFree(c);
}

int runWait(std::map<std::string, std::string>& a) {
    const int port = std::atoi(a["--port"].c_str());
    const int clients = std::max(1, std::atoi(a["--clients"].c_str()));
    const double seconds = std::atof(a["--seconds"].c_str());
    const int replicas = a.count("--replicas") ? std::atoi(a["--replicas"].c_str()) : 1;
    const std::string payload(static_cast<std::size_t>(std::atoi(a["--bytes"].c_str())), 'x');
    const auto end = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                        std::chrono::duration<double>(seconds));
    std::vector<ClientResult> results(static_cast<std::size_t>(clients));
    std::vector<std::thread> threads;
    for (int i = 0; i < clients; ++i) {
        threads.emplace_back(waitClient, port, a["--key"], payload, replicas, end,
                             std::ref(results[static_cast<std::size_t>(i)]));
    }
    for (std::thread& t : threads) {
        t.join();
    }
    std::vector<double> all;
    std::uint64_t shortfalls = 0;
    for (const ClientResult& r : results) {
        all.insert(all.end(), r.latenciesMs.begin(), r.latenciesMs.end());
        shortfalls += r.shortfalls;
    }
    std::sort(all.begin(), all.end());
    const auto q = [&all](double p) {
        return all.empty()
                   ? 0.0
                   : all[std::min(all.size() - 1,
                                  static_cast<std::size_t>(p * static_cast<double>(all.size())))];
    };
    std::printf("xadd+wait: %d clients, %.0f acknowledged/s, shortfalls %llu, latency p50 %.2f ms "
                "p99 %.2f ms\n",
                clients, static_cast<double>(all.size()) / seconds,
                static_cast<unsigned long long>(shortfalls), q(0.5), q(0.99));
    return 0;
}

// Calls `each(bytes)` for every entry of stream `key` in log order (field "e"'s value) until
// it returns false.
template <typename Each> void forEachEntry(redisContext* c, const std::string& key, Each each) {
    std::string after = "-";
    for (;;) {
        auto* got = static_cast<redisReply*>(redisCommand(
            c, "XRANGE %b %b + COUNT 10000", key.data(), key.size(), after.data(), after.size()));
        if (got == nullptr || got->type != REDIS_REPLY_ARRAY) {
            std::fprintf(stderr, "log_load: cannot read %s\n", key.c_str());
            std::exit(1);
        }
        const std::size_t n = got->elements;
        for (std::size_t i = 0; i < n; ++i) {
            const redisReply* entry = got->element[i]; // [id, [field, value]]
            const redisReply* fields = entry->element[1];
            if (fields->elements == 2 &&
                !each(std::string(fields->element[1]->str, fields->element[1]->len))) {
                freeReplyObject(got);
                return;
            }
        }
        if (n > 0) {
            after = "(" + std::string(got->element[n - 1]->element[0]->str);
        }
        freeReplyObject(got);
        if (n < 10000) {
            return;
        }
    }
}

int runCensus(std::map<std::string, std::string>& a) {
    redisContext* c = connectTo(std::atoi(a["--port"].c_str()));
    std::map<int, std::pair<std::uint64_t, std::uint64_t>> kinds; // kind -> count, bytes
    forEachEntry(c, a["--key"], [&kinds](const std::string& bytes) {
        auto& k = kinds[bytes.size() > 1 ? static_cast<unsigned char>(bytes[1]) : -1];
        ++k.first;
        k.second += bytes.size();
        return true;
    });
    for (const auto& [kind, k] : kinds) {
        std::printf("census: kind %d entries %llu mean_bytes %.1f\n", kind,
                    static_cast<unsigned long long>(k.first),
                    static_cast<double>(k.second) / static_cast<double>(k.first));
    }
    redisFree(c);
    return 0;
}

int runFill(std::map<std::string, std::string>& a) {
    redisContext* c = connectTo(std::atoi(a["--port"].c_str()));
    const std::string& key = a["--key"];
    const int kind = std::atoi(a["--kind"].c_str());
    std::string payload;
    forEachEntry(c, key, [kind, &payload](const std::string& bytes) {
        if (bytes.size() > std::max<std::size_t>(1, payload.size()) &&
            static_cast<unsigned char>(bytes[1]) == kind) {
            payload = bytes;
        }
        return true;
    });
    if (payload.empty()) {
        std::fprintf(stderr, "log_load: no entry of kind %d in %s\n", kind, key.c_str());
        return 1;
    }
    const long count = std::atol(a["--count"].c_str());
    const auto t0 = Clock::now();
    for (long done = 0; done < count;) {
        const long n = std::min<long>(1000, count - done);
        for (long i = 0; i < n; ++i) {
            redisAppendCommand(c, "XADD %b * e %b", key.data(), key.size(), payload.data(),
                               payload.size());
        }
        for (long i = 0; i < n; ++i) {
            freeReplyObject(replyOf(c));
        }
        done += n;
    }
    std::printf("fill: %ld entries of %zu bytes in %.2f s\n", count, payload.size(),
                std::chrono::duration<double>(Clock::now() - t0).count());
    redisFree(c);
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: log_load wait|fill|census --option value ...\n");
        return 2;
    }
    std::map<std::string, std::string> a;
    for (int i = 2; i + 1 < argc; i += 2) {
        a[argv[i]] = argv[i + 1];
    }
    const std::string mode = argv[1];
    if (mode == "wait") {
        return runWait(a);
    }
    if (mode == "fill") {
        return runFill(a);
    }
    if (mode == "census") {
        return runCensus(a);
    }
    std::fprintf(stderr, "log_load: unknown mode %s\n", mode.c_str());
    return 2;
}
