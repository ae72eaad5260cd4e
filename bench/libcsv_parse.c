/* The floor: parse a CSV file with libcsv and nothing else (same options as groupprod's reader:
 * strict, strict finish, empty unquoted cells as NULL), counting records and fields.
 * Build: cc -O2 -o libcsv_parse libcsv_parse.c -lcsv     Run: ./libcsv_parse FILE */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>

static size_t fields, records;
static void on_field(void *s, size_t n, void *ctx) { (void)s; (void)n; (void)ctx; fields++; }
static void on_record(int c, void *ctx) { (void)c; (void)ctx; records++; }

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: %s FILE\n", argv[0]); return 64; }
    FILE *f = fopen(argv[1], "rb");
    if (!f) { perror(argv[1]); return 1; }
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL) != 0) return 1;
    static char buf[1 << 20];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        if (csv_parse(&p, buf, n, on_field, on_record, NULL) != n) {
            fprintf(stderr, "%s: %s\n", argv[1], csv_strerror(csv_error(&p)));
            return 1;
        }
    }
    csv_fini(&p, on_field, on_record, NULL);
    csv_free(&p);
    fclose(f);
    printf("records=%zu fields=%zu\n", records, fields);
    return 0;
}
