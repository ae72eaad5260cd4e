#ifndef GROUPPROD_CFIXEDPOINT_SHIM_H
#define GROUPPROD_CFIXEDPOINT_SHIM_H
#include <stddef.h>
#include <stdio.h>
/* The C library's printf "%.*f" ("%+.*f" with sign) of one double into buffer, called directly:
   Swift reaches a variadic C function only through String(format:) or withVaList, which box each
   argument and, for String(format:), parse the format in Foundation on every call. Returns what
   snprintf returns (the length it needed). Nothing else is here. */
static inline int groupprod_fixed(char *buffer, size_t size, double value, int places, int sign) {
    return snprintf(buffer, size, sign ? "%+.*f" : "%.*f", places, value);
}
#endif
