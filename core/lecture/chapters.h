// chapters.h: the lecture's ten steps in its order, each with a title, a few sentences in
// Descent's own words and the names of its worked examples (the files beside this one compute
// them; `descent lecture` prints them and the app's Lecture view shows them). Text only: no
// numbers are typed in here, every number comes from an example's computation.
// Usage: for (const Chapter& c : lecture_chapters()) { c.number, c.title, c.text, c.examples }
#pragma once
#include <vector>

namespace descent::lecture {

struct Chapter {
  int number = 0;          // 1..10
  const char* title = "";
  const char* text = "";   // UTF-8; may use Greek letters and math signs
  std::vector<const char*> examples;  // the examples' names, as `descent lecture --json` prints them
};

const std::vector<Chapter>& lecture_chapters();
// Chapter n (1..10), or nullptr.
const Chapter* lecture_chapter(int n);

}  // namespace descent::lecture
