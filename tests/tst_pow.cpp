// SPDX-License-Identifier: Apache-2.0
// Proof of work for joins: a solved challenge is accepted once and only once, and every
// other presentation is refused with its reason and changes nothing.
#include "pow/difficulty_policy.h"
#include "pow/pow_challenges.h"
#include "pow/replay_guard.h"
#include "tokens/base64url.h"
#include "tokens/big_endian.h"

#include <QTest>
#include <array>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

using namespace sluice;
using engine::Status;
using engine::TimeMs;
using pow::PowChallenges;
using pow::PowRefusal;

namespace {

constexpr TimeMs kNow = 1'626'692'400'000; // 2021-07-19 20:00 KST
constexpr TimeMs kLifetime = 5 * 60 * 1000;

std::array<std::uint8_t, 32> key(std::uint8_t fill) {
    std::array<std::uint8_t, 32> k{};
    k.fill(fill);
    return k;
}

PowChallenges makeChallenges(std::uint8_t keyFill = 1, std::string_view event = "vaccine-53-54",
                             PowChallenges::Settings settings = {}) {
    return PowChallenges::create(key(keyFill), event, settings).value();
}

int zeroBitsFor(tokens::Sha256& sha, const std::string& challenge, std::uint64_t counter) {
    std::array<std::uint8_t, 8> c{};
    tokens::putBigEndian(c.data(), counter, 8);
    const auto text =
        std::span(reinterpret_cast<const std::uint8_t*>(challenge.data()), challenge.size());
    return pow::leadingZeroBits(sha.compute(text, c));
}

// The first counter from `from` whose hash has at least `bits` leading zero bits and, when
// `below` is given, fewer than `below`: what the browser's worker does, by brute force.
std::uint64_t solve(const std::string& challenge, int bits, std::uint64_t from = 0,
                    int below = std::numeric_limits<int>::max()) {
    tokens::Sha256 sha;
    for (std::uint64_t counter = from;; ++counter) {
        const int zeros = zeroBitsFor(sha, challenge, counter);
        if (zeros >= bits && zeros < below) {
            return counter;
        }
    }
}

// The difficulty byte is at offset 11 of the 48 raw bytes.
std::string withDifficultyByte(const std::string& challenge, std::uint8_t bits) {
    auto raw = tokens::base64UrlDecode(challenge).value();
    raw[11] = bits;
    return tokens::base64UrlEncode(raw);
}

} // namespace

class TstPow : public QObject {
    Q_OBJECT
private slots:
    void validSolutionIsAcceptedOnce();
    void reusedSolutionIsRefused();
    void solutionForAnotherChallengeIsRefused();
    void forgedChallengeIsRefused();
    void challengeOfAnotherEventIsRefused();
    void expiredChallengeIsRefused();
    void challengeOfAnotherInstanceIsRefusedWhenOnlyOwnAreTaken();
    void solutionOfLowerDifficultyIsRefused();
    void challengeBelowTheRoomsMinimumIsRefused();
    void missingOrMalformedSolutionIsRefused_data();
    void missingOrMalformedSolutionIsRefused();
    void refusalSpendsNothing();
    void fiveThousandDistinctSolutionsAreAllAccepted();
    void replayGuardMemoryStaysBoundedAsChallengesExpire();
    void replayGuardKeepsEveryKeyThroughGrowthAndColliding();
    void difficultyFollowsTheJoinRate_data();
    void difficultyFollowsTheJoinRate();
    void operatorOverrideWinsAndSettingsAreValidated();
};

void TstPow::validSolutionIsAcceptedOnce() {
    PowChallenges pow = makeChallenges();
    const std::string c = pow.issue(kNow, 10);
    QCOMPARE(c.size(), PowChallenges::kEncodedLength);
    const std::uint64_t counter = solve(c, 10);
    PowRefusal why{};
    const Status s = pow.verify(kNow + 1000, c, counter, 0, why);
    QVERIFY2(s.isOk(), s.message().c_str());
    QCOMPARE(pow.replayGuard().size(), 1u);
}

void TstPow::reusedSolutionIsRefused() {
    PowChallenges pow = makeChallenges();
    const std::string c = pow.issue(kNow, 8);
    const std::uint64_t counter = solve(c, 8);
    PowRefusal why{};
    QVERIFY(pow.verify(kNow + 1, c, counter, 0, why).isOk());
    const Status again = pow.verify(kNow + 2, c, counter, 0, why);
    QCOMPARE(why, PowRefusal::Reused);
    QCOMPARE(again.code(), Status::Code::PermissionDenied);
    // Another counter that also solves the same challenge buys no second join either.
    const std::uint64_t other = solve(c, 8, counter + 1);
    QCOMPARE(pow.verify(kNow + 3, c, other, 0, why).code(), Status::Code::PermissionDenied);
    QCOMPARE(why, PowRefusal::Reused);
    QCOMPARE(pow.replayGuard().size(), 1u);
}

void TstPow::solutionForAnotherChallengeIsRefused() {
    PowChallenges pow = makeChallenges();
    const std::string a = pow.issue(kNow, 12);
    const std::string b = pow.issue(kNow, 12);
    QVERIFY(a != b); // random nonces
    // A counter that solves a but not b (almost every counter that solves a).
    tokens::Sha256 sha;
    std::uint64_t counter = solve(a, 12);
    while (zeroBitsFor(sha, b, counter) >= 12) {
        counter = solve(a, 12, counter + 1);
    }
    PowRefusal why{};
    QCOMPARE(pow.verify(kNow + 1, b, counter, 0, why).code(), Status::Code::PermissionDenied);
    QCOMPARE(why, PowRefusal::WrongAnswer);
    QVERIFY(pow.verify(kNow + 1, a, counter, 0, why).isOk());
}

void TstPow::forgedChallengeIsRefused() {
    PowChallenges pow = makeChallenges();
    PowRefusal why{};
    // Lower the difficulty written in a genuine challenge: the MAC no longer matches.
    const std::string genuine = pow.issue(kNow, 20);
    const std::string easier = withDifficultyByte(genuine, 0);
    QCOMPARE(pow.verify(kNow + 1, easier, 0, 0, why).code(), Status::Code::PermissionDenied);
    QCOMPARE(why, PowRefusal::Forged);
    // A challenge made with another server's key, correctly solved.
    PowChallenges stranger = makeChallenges(2);
    const std::string foreign = stranger.issue(kNow, 4);
    why = {};
    QCOMPARE(pow.verify(kNow + 1, foreign, solve(foreign, 4), 0, why).code(),
             Status::Code::PermissionDenied);
    QCOMPARE(why, PowRefusal::Forged);
    QCOMPARE(pow.replayGuard().size(), 0u);
}

void TstPow::challengeOfAnotherEventIsRefused() {
    PowChallenges here = makeChallenges(1, "vaccine-53-54");
    PowChallenges there = makeChallenges(1, "vaccine-50-52");
    const std::string c = there.issue(kNow, 4);
    PowRefusal why{};
    QCOMPARE(here.verify(kNow + 1, c, solve(c, 4), 0, why).code(), Status::Code::PermissionDenied);
    QCOMPARE(why, PowRefusal::OtherEvent);
}

void TstPow::expiredChallengeIsRefused() {
    PowChallenges pow = makeChallenges();
    const std::string c = pow.issue(kNow, 4);
    const std::uint64_t counter = solve(c, 4);
    PowRefusal why{};
    QCOMPARE(pow.verify(kNow + kLifetime, c, counter, 0, why).code(),
             Status::Code::FailedPrecondition);
    QCOMPARE(why, PowRefusal::Expired);
    // Dated further in the future than the clock skew allows: refused the same way.
    const std::string early = pow.issue(kNow + 60'000, 4);
    QCOMPARE(pow.verify(kNow, early, solve(early, 4), 0, why).code(),
             Status::Code::FailedPrecondition);
    QCOMPARE(why, PowRefusal::Expired);
    // The last millisecond of the lifetime still counts.
    QVERIFY(pow.verify(kNow + kLifetime - 1, c, counter, 0, why).isOk());
}

void TstPow::solutionOfLowerDifficultyIsRefused() {
    PowChallenges pow = makeChallenges();
    const std::string c = pow.issue(kNow, 14);
    // A counter worth 6 to 13 bits: work done, but less than the challenge asks.
    const std::uint64_t cheap = solve(c, 6, 0, 14);
    PowRefusal why{};
    QCOMPARE(pow.verify(kNow + 1, c, cheap, 0, why).code(), Status::Code::PermissionDenied);
    QCOMPARE(why, PowRefusal::WrongAnswer);
}

void TstPow::challengeBelowTheRoomsMinimumIsRefused() {
    PowChallenges pow = makeChallenges();
    // Hoarded on a quiet afternoon at 6 bits; the operator's floor is now 10.
    const std::string c = pow.issue(kNow, 6);
    const std::uint64_t counter = solve(c, 6);
    PowRefusal why{};
    QCOMPARE(pow.verify(kNow + 1, c, counter, 10, why).code(), Status::Code::FailedPrecondition);
    QCOMPARE(why, PowRefusal::TooEasy);
    QVERIFY(pow.verify(kNow + 1, c, counter, 6, why).isOk());
}

void TstPow::missingOrMalformedSolutionIsRefused_data() {
    QTest::addColumn<QString>("challenge");
    QTest::addColumn<quint64>("counter");
    QTest::addColumn<int>("refusal");
    QTest::newRow("no challenge") << "" << quint64(0) << int(PowRefusal::NoSolution);
    QTest::newRow("short") << "AAAA" << quint64(0) << int(PowRefusal::Malformed);
    QTest::newRow("long") << QString(65, 'A') << quint64(0) << int(PowRefusal::Malformed);
    QTest::newRow("bad characters")
        << QString(63, 'A') + "!" << quint64(0) << int(PowRefusal::Malformed);
    QTest::newRow("wrong version") << QString(64, 'A') << quint64(0) << int(PowRefusal::Malformed);
    QTest::newRow("counter past 2^53")
        << "genuine" << (quint64(1) << 53) << int(PowRefusal::Malformed);
}

void TstPow::missingOrMalformedSolutionIsRefused() {
    QFETCH(QString, challenge);
    QFETCH(quint64, counter);
    QFETCH(int, refusal);
    PowChallenges pow = makeChallenges();
    const std::string c = challenge == "genuine" ? pow.issue(kNow, 0) : challenge.toStdString();
    PowRefusal why{};
    const Status s = pow.verify(kNow + 1, c, counter, 0, why);
    QCOMPARE(s.code(), Status::Code::InvalidArgument);
    QCOMPARE(int(why), refusal);
    QVERIFY(!s.message().empty());
}

void TstPow::refusalSpendsNothing() {
    PowChallenges pow = makeChallenges();
    const std::string c = pow.issue(kNow, 12);
    const std::uint64_t wrong = solve(c, 0, 0, 12);
    PowRefusal why{};
    QVERIFY(!pow.verify(kNow + 1, c, wrong, 0, why).isOk());
    QVERIFY(!pow.verify(kNow + 1, c, solve(c, 12), 13, why).isOk()); // too easy now
    QCOMPARE(pow.replayGuard().size(), 0u);
    QVERIFY(pow.verify(kNow + 2, c, solve(c, 12), 0, why).isOk()); // still spendable
}

void TstPow::fiveThousandDistinctSolutionsAreAllAccepted() {
    PowChallenges pow = makeChallenges();
    PowRefusal why{};
    for (int i = 0; i < 5000; ++i) {
        const TimeMs at = kNow + i * 10;
        const std::string c = pow.issue(at, 6);
        const Status s = pow.verify(at + 5, c, solve(c, 6), 6, why);
        if (!s.isOk()) {
            QFAIL(("solution " + std::to_string(i) + ": " + s.message()).c_str());
        }
    }
    QCOMPARE(pow.replayGuard().size(), 5000u); // all within one lifetime (50 s)
}

// The guard's flat tables: keys that share their slot (same first word), the all-zero key
// (the table's empty mark, kept aside) and growth past many doublings lose nothing, and
// nothing is let in twice.
void TstPow::replayGuardKeepsEveryKeyThroughGrowthAndColliding() {
    sluice::pow::ReplayGuard guard(300'000);
    constexpr engine::TimeMs kIssued = 1'000'000;
    using Key = sluice::pow::ReplayGuard::Key;
    std::vector<Key> keys{Key{0, 0}, Key{0, 1}, Key{64, 7}, Key{128, 7}}; // 0, 64, 128: one slot
    for (std::uint64_t i = 1; i <= 20'000; ++i) {
        keys.push_back(Key{i * 0x9e3779b97f4a7c15ULL, i});
    }
    for (const Key& k : keys) {
        QVERIFY(!guard.contains(kIssued, k));
        QVERIFY(guard.insert(kIssued, kIssued, k));
    }
    QCOMPARE(guard.size(), keys.size());
    for (const Key& k : keys) {
        QVERIFY(guard.contains(kIssued, k));
        QVERIFY(!guard.insert(kIssued, kIssued, k)); // a second spend is refused
    }
    QVERIFY(!guard.contains(kIssued, Key{0, 2}));
    QVERIFY(!guard.contains(kIssued, Key{64, 8}));
    std::size_t visited = 0;
    guard.forEach([&visited](engine::TimeMs, const Key&) { ++visited; });
    QCOMPARE(visited, keys.size());
}

void TstPow::replayGuardMemoryStaysBoundedAsChallengesExpire() {
    // A 10-second lifetime, a join every 10 ms for two minutes: 12,000 spent challenges,
    // never more than about 1.1 lifetimes' worth remembered at once.
    PowChallenges::Settings settings;
    settings.lifetimeMs = 10'000;
    PowChallenges pow = makeChallenges(1, "vaccine-53-54", settings);
    PowRefusal why{};
    std::size_t most = 0;
    std::size_t mostBuckets = 0;
    for (int i = 0; i < 12'000; ++i) {
        const TimeMs at = kNow + i * 10;
        const std::string c = pow.issue(at, 0); // 0 bits: any counter solves it
        QVERIFY(pow.verify(at + 1, c, 0, 0, why).isOk());
        most = std::max(most, pow.replayGuard().size());
        mostBuckets = std::max(mostBuckets, pow.replayGuard().bucketCount());
    }
    QVERIFY2(most <= 1100 + 100, std::to_string(most).c_str());
    QVERIFY(most >= 1000); // and it did remember a whole lifetime
    QVERIFY(mostBuckets <= 12);
    // After a quiet lifetime, one more join leaves only itself behind.
    const TimeMs later = kNow + 12'000 * 10 + 20'000;
    const std::string c = pow.issue(later, 0);
    QVERIFY(pow.verify(later + 1, c, 0, 0, why).isOk());
    QCOMPARE(pow.replayGuard().size(), 1u);
}

void TstPow::challengeOfAnotherInstanceIsRefusedWhenOnlyOwnAreTaken() {
    // Two instances with one key: a standalone server before and after a restart.
    PowChallenges::Settings own;
    own.onlyOwnChallenges = true;
    PowChallenges before = makeChallenges(1, "vaccine-53-54", own);
    PowChallenges after = makeChallenges(1, "vaccine-53-54", own);
    PowRefusal why{};
    const std::string spent = before.issue(kNow, 4);
    QVERIFY(before.verify(kNow + 1, spent, solve(spent, 4), 4, why).isOk());
    // Genuine, live and solved, but the guard that knew it was spent is gone: refused.
    const Status s = after.verify(kNow + 2, spent, solve(spent, 4), 4, why);
    QCOMPARE(s.code(), Status::Code::FailedPrecondition);
    QCOMPARE(why, PowRefusal::Expired);
    QVERIFY(s.message().find("restarted") != std::string::npos);
    QCOMPARE(after.replayGuard().size(), 0u); // the refusal spent nothing
    const std::string fresh = after.issue(kNow + 3, 4);
    QVERIFY(after.verify(kNow + 4, fresh, solve(fresh, 4), 4, why).isOk());
    // Without the setting (cluster nodes, which take each other's challenges) it is taken.
    PowChallenges node = makeChallenges(1, "vaccine-53-54");
    QVERIFY(node.verify(kNow + 5, spent, solve(spent, 4), 4, why).isOk());
    // A challenge's nonce still differs from one to the next after the instance's tag.
    QVERIFY(after.issue(kNow, 4) != after.issue(kNow, 4));
}

void TstPow::difficultyFollowsTheJoinRate_data() {
    QTest::addColumn<double>("joinsPerMinute");
    QTest::addColumn<int>("bits");
    // Defaults: floor 18, ceiling 22, quiet rate 600 a minute, a bit per 4× above it.
    QTest::newRow("nobody") << 0.0 << 18;
    QTest::newRow("quiet") << 600.0 << 18;
    QTest::newRow("just under 4x") << 2399.0 << 18;
    QTest::newRow("4x") << 2400.0 << 19;
    QTest::newRow("16x") << 9600.0 << 20;
    QTest::newRow("64x") << 38400.0 << 21;
    QTest::newRow("256x") << 153600.0 << 22;
    QTest::newRow("a flood, capped") << 1e12 << 22;
    QTest::newRow("infinite") << std::numeric_limits<double>::infinity() << 22;
    QTest::newRow("negative") << -5.0 << 18;
    QTest::newRow("NaN") << std::nan("") << 18;
}

void TstPow::difficultyFollowsTheJoinRate() {
    QFETCH(double, joinsPerMinute);
    QFETCH(int, bits);
    QCOMPARE(pow::difficultyFor(joinsPerMinute, pow::DifficultySettings{}), bits);
}

void TstPow::operatorOverrideWinsAndSettingsAreValidated() {
    pow::DifficultySettings s;
    QVERIFY(s.validate().isOk());
    s.overrideBits = 12;
    QVERIFY(s.validate().isOk());
    QCOMPARE(pow::difficultyFor(1e9, s), 12);
    QCOMPARE(pow::difficultyFor(0, s), 12);
    s.overrideBits = 33;
    QCOMPARE(s.validate().code(), Status::Code::InvalidArgument);
    s.overrideBits.reset();
    s.floorBits = 23; // above the ceiling
    QCOMPARE(s.validate().code(), Status::Code::InvalidArgument);
    s.floorBits = 18;
    s.quietJoinsPerMinute = 0;
    QCOMPARE(s.validate().code(), Status::Code::InvalidArgument);
    // A raised floor shifts the whole curve; the ceiling still caps it.
    pow::DifficultySettings raised;
    raised.floorBits = 20;
    QCOMPARE(pow::difficultyFor(600, raised), 20);
    QCOMPARE(pow::difficultyFor(9600, raised), 22);
}

QTEST_APPLESS_MAIN(TstPow)
#include "tst_pow.moc"
