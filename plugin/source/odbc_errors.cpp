// Connection-string hygiene and ODBC diagnostics. Credentials must never reach a message, a log
// or an exception, so every path that can quote a connection string redacts it first, and
// driver text is scrubbed of the credential values too (some drivers echo them back).
#include <cctype>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "source/odbc.hpp"
#include "source/values.hpp"

namespace icm::odbc {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool is_credential_key(std::string_view key) {
  const std::string k = ascii_lower(trim(key));
  return k == "pwd" || k == "password" || k == "passwd" || k == "pass" || k == "secret" ||
         k == "token" || k == "accesstoken" || k == "access_token" || k == "apikey" ||
         k == "api_key" || k == "authentication_token" || k == "clientsecret";
}

struct Attribute {
  std::string_view key;
  std::string_view raw_value;  // as written, braces included
  std::string value;           // braces removed, "}}" unescaped
  bool has_equals = false;
};

// Splits "k=v;k={v;with;semicolons};…" as ODBC defines it (a braced value may contain ';' and
// escapes '}' as "}}"). Text without '=' in a segment becomes a key with an empty value.
std::vector<Attribute> split_attributes(std::string_view s) {
  std::vector<Attribute> out;
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t key_start = i;
    while (i < s.size() && s[i] != '=' && s[i] != ';') ++i;
    Attribute a;
    a.key = s.substr(key_start, i - key_start);
    if (i < s.size() && s[i] == '=') {
      a.has_equals = true;
      ++i;
      std::size_t value_start = i;
      while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
      if (i < s.size() && s[i] == '{') {
        ++i;
        while (i < s.size()) {
          if (s[i] == '}') {
            if (i + 1 < s.size() && s[i + 1] == '}') {
              a.value += '}';
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          a.value += s[i++];
        }
        while (i < s.size() && s[i] != ';') ++i;  // junk after the closing brace
      } else {
        i = value_start;
        while (i < s.size() && s[i] != ';') ++i;
        a.value = std::string(trim(s.substr(value_start, i - value_start)));
      }
      a.raw_value = s.substr(value_start, i - value_start);
    }
    out.push_back(std::move(a));
    if (i < s.size() && s[i] == ';') ++i;
  }
  return out;
}

std::string replace_all(const std::string& text, const std::string& needle, const std::string& with) {
  if (needle.empty()) return text;
  std::string out;
  std::size_t from = 0;
  for (std::size_t pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, from)) {
    out.append(text, from, pos - from);
    out += with;
    from = pos + needle.size();
  }
  out.append(text, from, std::string::npos);
  return out;
}

// The clear, actionable sentence for the SQLSTATEs people meet when a source is misconfigured.
const char* explain(const std::string& state) {
  if (state == "IM002")
    return "unknown data source name or driver: check the DSN in odbc.ini (odbcinst -q -s) or the "
           "DRIVER name in odbcinst.ini (odbcinst -q -d)";
  if (state == "IM003")
    return "the ODBC driver could not be loaded: is it installed and is its library path in "
           "odbcinst.ini correct?";
  if (state == "28000") return "login failed: the user name or password was rejected";
  if (state == "08001" || state == "08004")
    return "cannot connect to the database server (unreachable, not running, or it refused the "
           "connection)";
  if (state == "HYT00" || state == "HYT01")
    return "timeout: the database server did not answer in time (overloaded, or something that "
           "is not a database listens at that address)";
  if (state == "08S01" || state == "57P01" || state == "08003")
    return "the connection to the database server was lost (server stopped, restarted, or network "
           "failure); nothing from this load was kept";
  return nullptr;
}

}  // namespace

std::string redact_connection_string(std::string_view connection) {
  std::string out;
  for (const Attribute& a : split_attributes(connection)) {
    if (!out.empty()) out += ';';
    out += a.key;
    if (!a.has_equals) continue;
    out += '=';
    out += is_credential_key(a.key) ? std::string("***") : std::string(a.raw_value);
  }
  return out;
}

std::vector<std::string> connection_secrets(std::string_view connection) {
  std::vector<std::string> out;
  for (const Attribute& a : split_attributes(connection))
    if (is_credential_key(a.key) && !a.value.empty()) {
      out.push_back(a.value);
      if (std::string(a.raw_value) != a.value) out.emplace_back(trim(a.raw_value));
    }
  return out;
}

std::optional<std::string> connection_attribute(std::string_view connection, std::string_view key) {
  const std::string want = ascii_lower(key);
  for (const Attribute& a : split_attributes(connection))
    if (a.has_equals && ascii_lower(trim(a.key)) == want) return a.value;
  return std::nullopt;
}

std::string set_connection_attribute(std::string_view connection, std::string_view key, std::string_view value) {
  const std::string want = ascii_lower(key);
  std::string out;
  for (const Attribute& a : split_attributes(connection)) {
    if (ascii_lower(trim(a.key)) == want || (trim(a.key).empty() && !a.has_equals)) continue;
    if (!out.empty()) out += ';';
    out += a.key;
    if (a.has_equals) out.append("=").append(a.raw_value);
  }
  if (!out.empty()) out += ';';
  out.append(key).append("=");
  // A value with ';' (or braces) must be braced, with '}' doubled, as ODBC defines it.
  if (value.find_first_of(";{}") == std::string_view::npos && value == trim(value)) {
    out.append(value);
  } else {
    out += '{';
    for (char c : value) out.append(c == '}' ? "}}" : std::string(1, c));
    out += '}';
  }
  return out;
}

std::string normalise_connection_string(std::string_view connection) {
  const std::string_view c = trim(connection);
  if (c.find('=') == std::string_view::npos) return "DSN=" + std::string(c);
  return std::string(c);
}

void throw_diagnostics(SQLSMALLINT handle_type, SQLHANDLE handle, const std::string& context,
                       const std::vector<std::string>& secrets) {
  std::string details, clear;
  for (SQLSMALLINT rec = 1; rec <= 8 && handle != nullptr; ++rec) {
    SQLCHAR state[6] = {0};
    SQLINTEGER native = 0;
    SQLCHAR text[1024] = {0};
    SQLSMALLINT length = 0;
    const SQLRETURN rc = SQLGetDiagRec(handle_type, handle, rec, state, &native, text,
                                       static_cast<SQLSMALLINT>(sizeof text), &length);
    if (!SQL_SUCCEEDED(rc)) break;
    std::string s(reinterpret_cast<const char*>(state));
    const std::string_view said(reinterpret_cast<const char*>(text));
    // Drivers that report a well-known failure under a generic SQLSTATE, seen on real servers:
    //  - unixODBC reports a driver library it cannot dlopen as a bare 01000 warning;
    //  - psqlODBC reports a rejected password as 08001 "… password authentication failed", and a
  //    login timeout as 08001 "… timeout expired";
    //  - MariaDB Connector/ODBC reports a refused connection as HY000 with client error
    //    2002/2003 "Can't connect to server …".
    if (s == "01000" && said.find("Can't open lib") != std::string_view::npos)
      s = "IM003";
    else if (s == "08001" && said.find("authentication failed") != std::string_view::npos)
      s = "28000";
    else if (s == "08001" && said.find("timeout expired") != std::string_view::npos)
      s = "HYT00";  // psqlODBC: the login timeout ran out
    else if (s == "08S01" && said.find("handshake") != std::string_view::npos &&
             said.find("system error: 110") != std::string_view::npos)
      s = "HYT00";  // MariaDB: no greeting within CONN_TIMEOUT (ETIMEDOUT)
    else if (s == "HY000" && (native == 2002 || native == 2003 ||
                              said.find("Can't connect to") != std::string_view::npos))
      s = "08001";
    if (clear.empty())
      if (const char* why = explain(s)) clear = why;
    if (!details.empty()) details += "; ";
    // Appended piecewise: "literal" + std::string trips GCC 12's false -Wrestrict (PR 105329).
    details.append("[").append(reinterpret_cast<const char*>(state)).append("] ");
    details.append(reinterpret_cast<const char*>(text));
  }
  for (const std::string& secret : secrets) details = replace_all(details, secret, "***");
  std::string message = context + ": ";
  if (!clear.empty()) message += clear + " — ";
  message += details.empty() ? std::string("the driver gave no diagnostics") : details;
  throw Error(ErrorCode::source, message);
}

}  // namespace icm::odbc
