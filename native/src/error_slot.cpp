// The thread-local error slot every exported function writes to when it catches.
#include "shim.h"

namespace {
thread_local std::string last_error;
}

void ht::set_error(const char* message) { last_error = message ? message : ""; }

HT_API const char* ht_last_error() { return last_error.c_str(); }
