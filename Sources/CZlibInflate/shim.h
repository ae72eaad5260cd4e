#ifndef GROUPPROD_CZLIBINFLATE_SHIM_H
#define GROUPPROD_CZLIBINFLATE_SHIM_H
/* zlib (Debian zlib1g-dev): raw inflate and crc32 for the workbook reader's zip parts. */
#include <zlib.h>
#endif
