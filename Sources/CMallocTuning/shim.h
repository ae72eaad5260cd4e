#ifndef GROUPPROD_CMALLOCTUNING_SHIM_H
#define GROUPPROD_CMALLOCTUNING_SHIM_H
/* glibc's mallopt (M_MMAP_THRESHOLD), which the Glibc module does not bring in; nothing elsewhere. */
#if defined(__linux__)
#include <malloc.h>
#endif
#endif
