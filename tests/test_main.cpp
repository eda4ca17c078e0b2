// test_main.cpp: the doctest entry point for the unit suite (every tests/test_*.cpp).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
