#ifndef GROUPPROD_CLIBXML2_SHIM_H
#define GROUPPROD_CLIBXML2_SHIM_H
/* libxml2's SAX2 parser (Debian libxml2-dev), for the workbook reader's XML parts on Linux. */
#include <libxml/xmlversion.h>
/* Debian's libxml2 is built with ICU, whose headers clash with Foundation's own ICU module.
   Nothing here uses ICU: without it only xmlCharEncodingHandler's layout changes, and that
   struct is reached through pointers alone (never by value, never read here). */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#endif
