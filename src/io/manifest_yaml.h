/* Internal to the manifest module: the libyaml pass that records the line
 * of every key and list item (libcyaml reports none), finds duplicate keys
 * (libcyaml keeps the last silently) and YAML syntax errors. */
#ifndef SF_MANIFEST_YAML_H
#define SF_MANIFEST_YAML_H

#include <stddef.h>

#include "core/error.h"

typedef enum sf_yaml_kind {
    SF_YAML_SCALAR,
    SF_YAML_SEQUENCE,
    SF_YAML_MAPPING
} sf_yaml_kind;

/* One node of the document, flattened. Children of a node are linked
 * through first_child / next_sibling in document order. */
typedef struct sf_yaml_node {
    sf_yaml_kind kind;
    char *key;          /* for mapping values: the key, else NULL */
    char *value;        /* for scalars: the text, else NULL */
    int line;           /* 1-based line where the node starts */
    int key_line;       /* for mapping values: line of the key */
    int parent;         /* index, -1 for the root */
    int first_child;    /* index or -1 */
    int next_sibling;   /* index or -1 */
    int n_children;
} sf_yaml_node;

typedef struct sf_yaml_tree {
    int n, cap;
    sf_yaml_node *nodes; /* nodes[0] is the root */
} sf_yaml_tree;

/* Parses one YAML document. Syntax errors, duplicate keys, non-scalar keys,
 * a second document and absurd nesting or alias expansion are errors. */
sf_status sf_manifest_yaml_read(const char *text, size_t len,
                                const char *origin, sf_yaml_tree *out);

void sf_manifest_yaml_free(sf_yaml_tree *t);

/* Child of mapping node `parent` with this key; -1 if none. */
int sf_manifest_yaml_find(const sf_yaml_tree *t, int parent,
                          const char *key);

/* "a scalar", "a list", "a mapping". */
const char *sf_manifest_yaml_kind_name(sf_yaml_kind k);

/* Checks the document against the manifest's key table (manifest_keys.c):
 * known and required keys, and a scalar, list or mapping where each
 * belongs. */
sf_status sf_manifest_keys_check(const sf_yaml_tree *t, const char *origin);

/* Records "ORIGIN:LINE: " followed by the formatted text. */
sf_status sf_manifest_fail_at(sf_status code, const char *origin, int line,
                              const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Prefixes the message already recorded (by sf_parse_*) with
 * "ORIGIN:LINE: " and returns code. */
sf_status sf_manifest_prefix_error(sf_status code, const char *origin,
                                   int line);

#endif
