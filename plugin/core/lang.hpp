// The language of the words a face shows: labels, category values, messages meant for people.
// Every face offers English and Simplified Chinese (zh-CN); names (columns, functions, keys)
// are never translated.
#pragma once

namespace icm {

enum class Lang { en, zh };

}  // namespace icm
