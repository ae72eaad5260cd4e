#ifndef GROUPPROD_CLIBCSV_SHIM_H
#define GROUPPROD_CLIBCSV_SHIM_H
#include <stdio.h>
#include <csv.h>
#endif
