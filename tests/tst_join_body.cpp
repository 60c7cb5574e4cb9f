// SPDX-License-Identifier: Apache-2.0
// The join body's plain reader (issue 16: joins with proof of work at nearly the speed of
// joins without) changes the speed, never an answer: every body it reads, the general JSON
// reader reads to the same members; the shapes the waiting page sends are read by it (or
// the speed-up would be gone unnoticed); and everything outside the plain shape is left to
// the general reader — checked on hand-picked bodies and on 20,000 mutations of plain ones.
#include "api/join_body.h"

#include <QtTest>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

using sluice::api::PlainJoinBody;
using sluice::api::readPlainJoinBody;

namespace {

// What the general reader makes of `body` for a join, in the plain reader's terms; nullopt
// when it would refuse the body or its members are not of the plain shape.
std::optional<PlainJoinBody> generalReading(const std::string& body, nlohmann::json& tree) {
    tree = nlohmann::json::parse(body, nullptr, false);
    if (tree.is_discarded() || !tree.is_object()) {
        return std::nullopt;
    }
    PlainJoinBody out;
    for (auto it = tree.begin(); it != tree.end(); ++it) {
        if (it.key() == "birthDate" && it->is_string()) {
            out.birthDate = it->get_ref<const std::string&>();
        } else if (it.key() == "pow" && it->is_object() && it->size() == 2 &&
                   it->contains("challenge") && (*it)["challenge"].is_string() &&
                   it->contains("counter") && (*it)["counter"].is_number_unsigned()) {
            out.pow = sluice::api::PowAnswer{(*it)["challenge"].get_ref<const std::string&>(),
                                             (*it)["counter"].get<std::uint64_t>()};
        } else {
            return std::nullopt;
        }
    }
    return out;
}

// Fails the test if the plain reader read `body` differently from the general reader.
bool agrees(const std::string& body) {
    const auto plain = readPlainJoinBody(body);
    if (!plain) {
        return true; // left to the general reader: nothing to compare
    }
    nlohmann::json tree;
    const auto general = generalReading(body, tree);
    if (!general) {
        qWarning("read plainly, refused or read otherwise in general: %s", body.c_str());
        return false;
    }
    const bool same = plain->birthDate == general->birthDate &&
                      plain->pow.has_value() == general->pow.has_value() &&
                      (!plain->pow || (plain->pow->challenge == general->pow->challenge &&
                                       plain->pow->counter == general->pow->counter));
    if (!same) {
        qWarning("read differently: %s", body.c_str());
    }
    return same;
}

const std::string kPlain =
    R"({"pow":{"challenge":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygp","counter":123456}})";

} // namespace

class TstJoinBody : public QObject {
    Q_OBJECT
private slots:
    void theShapesThePageSendsAreReadPlainly() {
        for (
            const std::string& body :
            {std::string("{}"), std::string(" { } "), kPlain,
             std::string(R"({"birthDate":"1967-03-01"})"),
             std::string(
                 R"({ "birthDate" : "1967-03-01", "pow" : { "counter" : 0, "challenge" : "x" } })"),
             std::string("{\n  \"pow\": {\"challenge\": \"a.b-c_d\",\t\"counter\": "
                         "18446744073709551615}\r\n}")}) {
            const auto plain = readPlainJoinBody(body);
            QVERIFY2(plain.has_value(), body.c_str());
            QVERIFY2(agrees(body), body.c_str());
        }
        const auto read = readPlainJoinBody(kPlain);
        QCOMPARE(read->pow->counter, std::uint64_t{123456});
        QCOMPARE(std::string(read->pow->challenge),
                 std::string("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygp"));
        QVERIFY(!read->birthDate);
    }

    void everythingElseIsLeftToTheGeneralReader() {
        for (const char* body :
             {"", // the caller's case
              "[]",
              "null",
              "{",
              "}",
              "{}{}",
              "{} x",
              "{,}",
              R"({"pow":null})", // no solution
              R"({"pow":{}})",
              R"({"pow":{"challenge":"x"}})", // malformed
              R"({"pow":{"challenge":"x","counter":1,"more":2}})",
              R"({"pow":{"challenge":"x","counter":-1}})",
              R"({"pow":{"challenge":"x","counter":1.0}})",
              R"({"pow":{"challenge":"x","counter":1e3}})",
              R"({"pow":{"challenge":"x","counter":01}})",
              R"({"pow":{"challenge":"x","counter":18446744073709551616}})", // over 64 bits
              R"({"pow":{"challenge":"x","counter":"1"}})",
              R"({"pow":{"challenge":1,"counter":1}})",
              R"({"pow":{"challenge":"x","challenge":"y","counter":1}})", // repeated
              R"({"pow":{"challenge":"x\u0041","counter":1}})",           // an escape
              R"({"pow":{"challenge":"xé","counter":1}})",                // not ASCII
              R"({"pow":{"challenge":"x","counter":1},"pow":{"challenge":"y","counter":2}})",
              R"({"birthDate":19670301})",
              R"({"birthDate":null})",
              R"({"ticket":"x"})",
              R"({"Pow":{"challenge":"x","counter":1}})",
              R"({"pow":{"challenge":"x","counter":1},})",
              "\xEF\xBB\xBF{}"}) {
            QVERIFY2(!readPlainJoinBody(body).has_value(), body);
        }
    }

    void mutatedBodiesAreNeverReadDifferently() {
        // Random edits of plain bodies: whatever the plain reader still reads, the general
        // reader must read the same way.
        const std::string seeds[] = {
            kPlain, R"({"birthDate":"1967-03-01","pow":{"counter":7,"challenge":"ab"}})", "{}"};
        const std::string alphabet = "{}[]\":,. \\-+0123456789eEabcpowunterhlgdBirthDate\x01\xC3";
        std::mt19937 rng(16);
        int read = 0;
        for (int i = 0; i < 20000; ++i) {
            std::string body = seeds[i % 3];
            const int edits = 1 + static_cast<int>(rng() % 3);
            for (int e = 0; e < edits && !body.empty(); ++e) {
                const std::size_t at = rng() % body.size();
                const char c = alphabet[rng() % alphabet.size()];
                switch (rng() % 3) {
                case 0:
                    body[at] = c;
                    break;
                case 1:
                    body.insert(body.begin() + static_cast<std::ptrdiff_t>(at), c);
                    break;
                default:
                    body.erase(at, 1);
                    break;
                }
            }
            read += readPlainJoinBody(body).has_value() ? 1 : 0;
            QVERIFY2(agrees(body), body.c_str());
        }
        QVERIFY2(read > 500, qPrintable(QString::number(read))); // edits the reader still takes
    }
};

QTEST_GUILESS_MAIN(TstJoinBody)
#include "tst_join_body.moc"
