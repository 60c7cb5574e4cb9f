// SPDX-License-Identifier: Apache-2.0
// A constant-rate HTTP/1.1 load generator for latency at a given throughput (wrk measures
// peak throughput; latency at peak says little). Each connection sends on a fixed schedule;
// a request's latency runs from the moment it was scheduled, not from when it could be sent,
// so a stalled server is charged for the requests it delayed (no coordinated omission).
//
//   paced_load --port P[,P2,...] --rate REQ_PER_S --connections C --seconds S [--tickets FILE]
//              [--threads T] [--join] [--tickets-out FILE] [--timeline FILE]
// With --tickets, requests are status polls for random tickets from FILE; with --join, joins
// (POST /api/v1/join, and --tickets-out writes each acknowledged join's ticket, one a line);
// otherwise GET /. Several ports share the connections round-robin (the nodes of a cluster).
// --timeline writes one line an answer: when it was scheduled (seconds from the start) and
// its latency (ms), to tell a backlog that grows through a run from scattered slow answers.
// Every connection is open before the schedule starts: 1,000 connects charged to the first
// requests measured the connection storm, not the rate.
// --rate 0 is a closed loop: each connection sends its next request as soon as the answer
// is in (peak throughput, as wrk measures it; latency then runs from the send).
#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <latch>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <random>
#include <sstream>
#include <string>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <thread>
#include <time.h>
#include <unistd.h>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
    std::vector<int> ports{8080};
    double rate = 1000;
    int connections = 100;
    double seconds = 10;
    int threads = 2;
    std::string tickets;
    bool join = false;
    std::string ticketsOut;
    std::string timeline;
};

struct Connection {
    int fd = -1;
    Clock::time_point next;    // when its next request is due
    Clock::time_point sentFor; // the schedule slot of the request in flight
    bool inFlight = false;
    std::string in;
};

struct Result {
    std::vector<double> latenciesMs;
    std::uint64_t errors = 0;
    std::vector<std::string> joined; // tickets of acknowledged joins (--tickets-out)
    std::vector<std::pair<double, double>> timeline; // (scheduled s, latency ms) (--timeline)
};

// The "ticket" field of a join's JSON answer, or empty.
std::string ticketIn(const std::string& body) {
    const std::string field = "\"ticket\":\"";
    const std::size_t at = body.find(field);
    if (at == std::string::npos) {
        return {};
    }
    const std::size_t from = at + field.size();
    const std::size_t to = body.find('"', from);
    return to == std::string::npos ? std::string() : body.substr(from, to - from);
}

int connectTo(int port) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        std::perror("connect");
        std::exit(1);
    }
    const int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

// True once `in` holds one whole response (head + Content-Length body); removes it and
// leaves its body in `body`.
bool takeResponse(std::string& in, bool& ok, std::string& body) {
    const std::size_t head = in.find("\r\n\r\n");
    if (head == std::string::npos) {
        return false;
    }
    std::size_t length = 0;
    const std::size_t cl = in.find("Content-Length: ");
    if (cl != std::string::npos && cl < head) {
        length = std::strtoul(in.c_str() + cl + 16, nullptr, 10);
    }
    if (in.size() < head + 4 + length) {
        return false;
    }
    ok = in.compare(9, 1, "2") == 0;
    body.assign(in, head + 4, length);
    in.erase(0, head + 4 + length);
    return true;
}

std::string requestText(const Options& o, const std::vector<std::string>& tickets,
                        std::mt19937_64& rng) {
    if (o.join) {
        return "POST /api/v1/join HTTP/1.1\r\nHost: l\r\nContent-Type: application/json\r\n"
               "Content-Length: 2\r\n\r\n{}";
    }
    if (tickets.empty()) {
        return "GET / HTTP/1.1\r\nHost: l\r\n\r\n";
    }
    return "GET /api/v1/status?ticket=" + tickets[rng() % tickets.size()] +
           " HTTP/1.1\r\nHost: l\r\n\r\n";
}

// Waits for events for `wait` at the most, to the microsecond. A whole-millisecond timeout
// rounded down made the loop spin whenever the next send was under 1 ms away — always, at a
// few thousand requests a second — and take a core from the server under test on a shared
// machine; rounded up, it would send up to 1 ms late and charge that to the server.
int waitForEvents(int ep, std::vector<epoll_event>& events, Clock::duration wait) {
    const long long ns = std::clamp<long long>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(wait).count(), 0, 10'000'000);
    const timespec t{static_cast<time_t>(ns / 1'000'000'000),
                     static_cast<long>(ns % 1'000'000'000)};
    const int n = epoll_pwait2(ep, events.data(), static_cast<int>(events.size()), &t, nullptr);
    if (n < 0 && errno == ENOSYS) { // kernels before 5.11: whole milliseconds, rounded up
        return epoll_wait(ep, events.data(), static_cast<int>(events.size()),
                          static_cast<int>((ns + 999'999) / 1'000'000));
    }
    return n;
}

// When every worker has connected, the main thread sets one start for all of them.
struct StartLine {
    std::latch connected;
    std::latch go{1};
    Clock::time_point start;
    explicit StartLine(int workers) : connected(workers) {}
};

void worker(const Options& o, int firstConnection, int connections, double rate,
            const std::vector<std::string>& tickets, unsigned seed, StartLine& line, Result& out) {
    const bool closed = rate <= 0; // closed loop: no schedule
    const auto interval = std::chrono::duration<double>(closed ? 0.0 : connections / rate);
    std::vector<Connection> conns(static_cast<std::size_t>(connections));
    const int ep = epoll_create1(0);
    for (int i = 0; i < connections; ++i) {
        conns[static_cast<std::size_t>(i)].fd =
            connectTo(o.ports[static_cast<std::size_t>(firstConnection + i) % o.ports.size()]);
    }
    line.connected.count_down();
    line.go.wait();
    const Clock::time_point start = line.start;
    const auto end = start + std::chrono::duration_cast<Clock::duration>(
                                 std::chrono::duration<double>(o.seconds));
    for (int i = 0; i < connections; ++i) {
        Connection& c = conns[static_cast<std::size_t>(i)];
        // Spread the connections' schedules evenly over one interval.
        c.next = start + std::chrono::duration_cast<Clock::duration>(interval * i / connections);
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.u32 = static_cast<std::uint32_t>(i);
        epoll_ctl(ep, EPOLL_CTL_ADD, c.fd, &ev);
    }
    std::mt19937_64 rng(seed);
    out.latenciesMs.reserve(closed ? 1 << 20 : static_cast<std::size_t>(rate * o.seconds * 1.1));
    std::vector<epoll_event> events(256);
    char buf[65536];
    std::string body;
    while (true) {
        const auto now = Clock::now();
        if (now >= end) {
            break;
        }
        auto soonest = end;
        for (Connection& c : conns) {
            if (!c.inFlight && (closed || c.next <= now)) {
                const std::string req = requestText(o, tickets, rng);
                if (send(c.fd, req.data(), req.size(), MSG_NOSIGNAL) !=
                    static_cast<ssize_t>(req.size())) {
                    ++out.errors;
                }
                c.inFlight = true;
                c.sentFor = closed ? now : c.next;
                c.next += std::chrono::duration_cast<Clock::duration>(interval);
            }
            if (!c.inFlight) {
                soonest = std::min(soonest, c.next);
            }
        }
        const int n = waitForEvents(ep, events, soonest - Clock::now());
        for (int i = 0; i < n; ++i) {
            Connection& c = conns[events[static_cast<std::size_t>(i)].data.u32];
            const ssize_t got = read(c.fd, buf, sizeof buf);
            if (got <= 0) {
                ++out.errors;
                continue;
            }
            c.in.append(buf, static_cast<std::size_t>(got));
            bool ok = false;
            while (takeResponse(c.in, ok, body)) {
                c.inFlight = false;
                const double ms =
                    std::chrono::duration<double, std::milli>(Clock::now() - c.sentFor).count();
                out.latenciesMs.push_back(ms);
                if (!o.timeline.empty()) {
                    out.timeline.emplace_back(
                        std::chrono::duration<double>(c.sentFor - start).count(), ms);
                }
                out.errors += ok ? 0 : 1;
                if (ok && !o.ticketsOut.empty()) {
                    out.joined.push_back(ticketIn(body));
                }
            }
        }
    }
    for (Connection& c : conns) {
        close(c.fd);
    }
    close(ep);
}

} // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; i += 2) {
        const std::string k = argv[i];
        if (k == "--join") {
            o.join = true;
            --i; // a flag without a value
            continue;
        }
        if (i + 1 >= argc) {
            std::fprintf(stderr, "paced_load: %s needs a value\n", k.c_str());
            return 2;
        }
        const std::string v = argv[i + 1];
        if (k == "--port") {
            o.ports.clear();
            std::istringstream list(v);
            for (std::string one; std::getline(list, one, ',');) {
                o.ports.push_back(std::atoi(one.c_str()));
            }
        } else if (k == "--tickets-out")
            o.ticketsOut = v;
        else if (k == "--rate")
            o.rate = std::atof(v.c_str());
        else if (k == "--connections")
            o.connections = std::atoi(v.c_str());
        else if (k == "--seconds")
            o.seconds = std::atof(v.c_str());
        else if (k == "--timeline")
            o.timeline = v;
        else if (k == "--threads")
            o.threads = std::atoi(v.c_str());
        else if (k == "--tickets")
            o.tickets = v;
        else {
            std::fprintf(stderr, "paced_load: unknown option %s\n", k.c_str());
            return 2;
        }
    }
    std::vector<std::string> tickets;
    if (!o.tickets.empty()) {
        std::ifstream in(o.tickets);
        for (std::string line; std::getline(in, line);) {
            tickets.push_back(line);
        }
    }
    StartLine line(o.threads);
    std::vector<Result> results(static_cast<std::size_t>(o.threads));
    std::vector<std::thread> threads;
    for (int t = 0; t < o.threads; ++t) {
        threads.emplace_back(worker, std::cref(o), t * (o.connections / o.threads),
                             o.connections / o.threads, o.rate / o.threads, std::cref(tickets),
                             1234u + static_cast<unsigned>(t), std::ref(line),
                             std::ref(results[static_cast<std::size_t>(t)]));
    }
    line.connected.wait();
    line.start = Clock::now() + std::chrono::milliseconds(20);
    line.go.count_down();
    for (auto& th : threads) {
        th.join();
    }
    std::vector<double> all;
    std::uint64_t errors = 0;
    for (const Result& r : results) {
        all.insert(all.end(), r.latenciesMs.begin(), r.latenciesMs.end());
        errors += r.errors;
    }
    std::sort(all.begin(), all.end());
    if (!o.ticketsOut.empty()) {
        std::ofstream out(o.ticketsOut);
        for (const Result& r : results) {
            for (const std::string& t : r.joined) {
                out << t << '\n';
            }
        }
    }
    if (!o.timeline.empty()) {
        std::ofstream out(o.timeline);
        for (const Result& r : results) {
            for (const auto& [at, ms] : r.timeline) {
                out << at << ' ' << ms << '\n';
            }
        }
    }
    const auto q = [&](double p) {
        return all.empty()
                   ? 0.0
                   : all[std::min(all.size() - 1,
                                  static_cast<std::size_t>(p * static_cast<double>(all.size())))];
    };
    std::printf("paced: target %.0f req/s, achieved %.0f req/s, errors %llu, latency p50 %.2f ms "
                "p90 %.2f ms p99 %.2f ms p99.9 %.2f ms max %.2f ms\n",
                o.rate, static_cast<double>(all.size()) / o.seconds,
                static_cast<unsigned long long>(errors), q(0.5), q(0.9), q(0.99), q(0.999),
                all.empty() ? 0.0 : all.back());
    return 0;
}
