// SPDX-License-Identifier: Apache-2.0
// The HTTP stack comparison: Boost.Beast on one Asio thread, answering a fixed small JSON
// body to every request (keep-alive). Usage: fixed_beast PORT
// clang-format off
#include <utility> // first: Boost 1.74's awaitable.hpp uses std::exchange without including it
// clang-format on
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdlib>
#include <memory>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

class Session : public std::enable_shared_from_this<Session> {
public:
    explicit Session(tcp::socket socket) : m_stream(std::move(socket)) {}
    void start() { read(); }

private:
    void read() {
        m_request = {};
        http::async_read(m_stream, m_buffer, m_request,
                         [self = shared_from_this()](beast::error_code ec, std::size_t) {
                             if (!ec) {
                                 self->answer();
                             }
                         });
    }
    void answer() {
        m_response = {};
        m_response.result(http::status::ok);
        m_response.version(11);
        m_response.set(http::field::content_type, "application/json");
        m_response.body() = "{\"ok\":true}";
        m_response.keep_alive(m_request.keep_alive());
        m_response.prepare_payload();
        http::async_write(m_stream, m_response,
                          [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (!ec && self->m_response.keep_alive()) {
                                  self->read();
                              }
                          });
    }
    beast::tcp_stream m_stream;
    beast::flat_buffer m_buffer;
    http::request<http::string_body> m_request;
    http::response<http::string_body> m_response;
};

void accept(tcp::acceptor& acceptor) {
    acceptor.async_accept([&acceptor](beast::error_code ec, tcp::socket socket) {
        if (!ec) {
            socket.set_option(tcp::no_delay(true));
            std::make_shared<Session>(std::move(socket))->start();
        }
        accept(acceptor);
    });
}

int main(int argc, char** argv) {
    const auto port = static_cast<unsigned short>(argc > 1 ? std::atoi(argv[1]) : 8082);
    asio::io_context io{1};
    tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), port});
    acceptor.listen(4096);
    accept(acceptor);
    io.run();
}
