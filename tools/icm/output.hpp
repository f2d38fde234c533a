// Rendering datasets for the terminal, CSV and JSON.
#pragma once

#include <ostream>
#include <string>

#include "core/datasets/datasets.hpp"
#include "core/datasets/table.hpp"

namespace icm::cli {

// Display width of UTF-8 text in a terminal: East Asian wide characters count 2.
std::size_t display_width(const std::string& utf8);

void write_terminal(std::ostream& out, const Table& t, Lang lang);
void write_csv(std::ostream& out, const Table& t);             // RFC 4180, header of column names
void write_json_rows(std::ostream& out, const Table& t);       // [ {"col": value, …}, … ]
std::string json_escape(const std::string& s);

}  // namespace icm::cli
