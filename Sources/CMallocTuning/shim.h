#ifndef GROUPPROD_CMALLOCTUNING_SHIM_H
#define GROUPPROD_CMALLOCTUNING_SHIM_H
/* glibc's mallopt and malloc_trim, which the Glibc module does not bring in: the tool's start-up, and a portfolio read in passes. */
#if defined(__linux__)
#include <malloc.h>
#endif
#endif
