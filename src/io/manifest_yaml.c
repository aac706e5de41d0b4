/* The libyaml pass over a manifest: a flattened copy of the document with
 * the line of every node. libcyaml (which loads the typed fields, see
 * manifest.c) neither reports lines nor rejects duplicate keys, so this pass
 * runs first and everything it can check is reported from here. */
#include "io/manifest_yaml.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* A manifest is a few hundred nodes; the limits stop alias bombs
 * ("billion laughs") and self-referencing anchors. */
#define MAX_NODES 200000
#define MAX_DEPTH 16

sf_status sf_manifest_fail_at(sf_status code, const char *origin, int line,
                              const char *fmt, ...)
{
    char what[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return sf_error_set(code, "%s:%d: %s", origin, line, what);
}

sf_status sf_manifest_prefix_error(sf_status code, const char *origin,
                                   int line)
{
    /* Copy first: the message buffer is about to be rewritten. */
    char what[768];
    snprintf(what, sizeof what, "%s", sf_error_message());
    return sf_error_set(code, "%s:%d: %s", origin, line, what);
}

const char *sf_manifest_yaml_kind_name(sf_yaml_kind k)
{
    switch (k) {
    case SF_YAML_SCALAR: return "a scalar";
    case SF_YAML_SEQUENCE: return "a list";
    case SF_YAML_MAPPING: return "a mapping";
    }
    return "a node";
}

void sf_manifest_yaml_free(sf_yaml_tree *t)
{
    if (!t)
        return;
    for (int i = 0; i < t->n; ++i) {
        free(t->nodes[i].key);
        free(t->nodes[i].value);
    }
    free(t->nodes);
    t->nodes = NULL;
    t->n = t->cap = 0;
}

int sf_manifest_yaml_find(const sf_yaml_tree *t, int parent, const char *key)
{
    if (parent < 0 || parent >= t->n)
        return -1;
    for (int c = t->nodes[parent].first_child; c >= 0;
         c = t->nodes[c].next_sibling)
        if (t->nodes[c].key && strcmp(t->nodes[c].key, key) == 0)
            return c;
    return -1;
}

typedef struct reader {
    const char *origin;
    yaml_document_t *doc;
    sf_yaml_tree *tree;
} reader;

static char *copy_scalar(const yaml_node_t *n)
{
    size_t len = n->data.scalar.length;
    char *s = malloc(len + 1);
    if (s) {
        memcpy(s, n->data.scalar.value, len);
        s[len] = '\0';
    }
    return s;
}

static sf_status add_node(reader *r, sf_yaml_kind kind, int line, int parent,
                          int *index)
{
    sf_yaml_tree *t = r->tree;
    if (t->n >= MAX_NODES)
        return sf_manifest_fail_at(SF_ERR_FORMAT, r->origin, line,
                                   "manifest: more than %d YAML nodes "
                                   "(runaway aliases?)", MAX_NODES);
    if (t->n == t->cap) {
        int cap = t->cap ? 2 * t->cap : 64;
        sf_yaml_node *v = realloc(t->nodes, (size_t)cap * sizeof *v);
        if (!v)
            SF_FAIL(SF_ERR_NOMEM, "%s: out of memory", r->origin);
        t->nodes = v;
        t->cap = cap;
    }
    int i = t->n++;
    t->nodes[i] = (sf_yaml_node){ .kind = kind, .line = line,
                                  .key_line = line, .parent = parent,
                                  .first_child = -1, .next_sibling = -1 };
    if (parent >= 0) {
        sf_yaml_node *p = &t->nodes[parent];
        if (p->first_child < 0) {
            p->first_child = i;
        } else {
            int c = p->first_child;
            while (t->nodes[c].next_sibling >= 0)
                c = t->nodes[c].next_sibling;
            t->nodes[c].next_sibling = i;
        }
        p->n_children++;
    }
    *index = i;
    return SF_OK;
}

static sf_status flatten(reader *r, yaml_node_t *n, int parent, int depth,
                         int *index);

static sf_status flatten_mapping(reader *r, yaml_node_t *n, int self,
                                 int depth)
{
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
         p < n->data.mapping.pairs.top; ++p) {
        yaml_node_t *k = yaml_document_get_node(r->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(r->doc, p->value);
        if (!k || !v)
            return sf_manifest_fail_at(SF_ERR_FORMAT, r->origin,
                                       (int)n->start_mark.line + 1,
                                       "manifest: broken YAML mapping");
        int key_line = (int)k->start_mark.line + 1;
        if (k->type != YAML_SCALAR_NODE)
            return sf_manifest_fail_at(SF_ERR_FORMAT, r->origin, key_line,
                                       "manifest: a mapping key must be a "
                                       "plain name, found %s",
                                       k->type == YAML_SEQUENCE_NODE
                                           ? "a list" : "a mapping");
        char *key = copy_scalar(k);
        if (!key)
            SF_FAIL(SF_ERR_NOMEM, "%s: out of memory", r->origin);
        if (strlen(key) != k->data.scalar.length) {
            free(key);
            return sf_manifest_fail_at(SF_ERR_FORMAT, r->origin, key_line,
                                       "manifest: a key contains a NUL "
                                       "character");
        }
        int dup = sf_manifest_yaml_find(r->tree, self, key);
        if (dup >= 0) {
            sf_status st = sf_manifest_fail_at(
                SF_ERR_FORMAT, r->origin, key_line,
                "%s: duplicate key (first given on line %d)", key,
                r->tree->nodes[dup].key_line);
            free(key);
            return st;
        }
        int child;
        sf_status st = flatten(r, v, self, depth + 1, &child);
        if (st != SF_OK) {
            free(key);
            return st;
        }
        r->tree->nodes[child].key = key;
        r->tree->nodes[child].key_line = key_line;
    }
    return SF_OK;
}

static sf_status flatten(reader *r, yaml_node_t *n, int parent, int depth,
                         int *index)
{
    int line = (int)n->start_mark.line + 1;
    if (depth > MAX_DEPTH)
        return sf_manifest_fail_at(SF_ERR_FORMAT, r->origin, line,
                                   "manifest: nested deeper than %d levels",
                                   MAX_DEPTH);
    sf_yaml_kind kind = n->type == YAML_SCALAR_NODE ? SF_YAML_SCALAR
                      : n->type == YAML_SEQUENCE_NODE ? SF_YAML_SEQUENCE
                      : SF_YAML_MAPPING;
    int self = -1;
    SF_TRY(add_node(r, kind, line, parent, &self));
    *index = self;
    switch (n->type) {
    case YAML_SCALAR_NODE: {
        char *v = copy_scalar(n);
        if (!v)
            SF_FAIL(SF_ERR_NOMEM, "%s: out of memory", r->origin);
        r->tree->nodes[self].value = v;
        if (strlen(v) != n->data.scalar.length)
            return sf_manifest_fail_at(SF_ERR_FORMAT, r->origin, line,
                                       "manifest: a value contains a NUL "
                                       "character");
        return SF_OK;
    }
    case YAML_SEQUENCE_NODE:
        for (yaml_node_item_t *it = n->data.sequence.items.start;
             it < n->data.sequence.items.top; ++it) {
            yaml_node_t *c = yaml_document_get_node(r->doc, *it);
            if (!c)
                return sf_manifest_fail_at(SF_ERR_FORMAT, r->origin, line,
                                           "manifest: broken YAML list");
            int child;
            SF_TRY(flatten(r, c, self, depth + 1, &child));
        }
        return SF_OK;
    case YAML_MAPPING_NODE:
        return flatten_mapping(r, n, self, depth);
    default:
        return sf_manifest_fail_at(SF_ERR_FORMAT, r->origin, line,
                                   "manifest: empty YAML node");
    }
}

static sf_status syntax_error(const yaml_parser_t *p, const char *origin)
{
    int line = (int)p->problem_mark.line + 1;
    if (p->error == YAML_MEMORY_ERROR)
        SF_FAIL(SF_ERR_NOMEM, "%s: out of memory while reading YAML", origin);
    if (p->context)
        return sf_manifest_fail_at(SF_ERR_FORMAT, origin, line,
                                   "YAML syntax: %s (%s, line %d)",
                                   p->problem ? p->problem : "error",
                                   p->context,
                                   (int)p->context_mark.line + 1);
    return sf_manifest_fail_at(SF_ERR_FORMAT, origin, line,
                               "YAML syntax: %s",
                               p->problem ? p->problem : "error");
}

sf_status sf_manifest_yaml_read(const char *text, size_t len,
                                const char *origin, sf_yaml_tree *out)
{
    *out = (sf_yaml_tree){ 0 };
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser))
        SF_FAIL(SF_ERR_NOMEM, "%s: cannot start the YAML parser", origin);
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);

    sf_status st = SF_OK;
    yaml_document_t doc;
    if (!yaml_parser_load(&parser, &doc)) {
        st = syntax_error(&parser, origin);
        yaml_parser_delete(&parser);
        return st;
    }
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (!root) {
        st = sf_manifest_fail_at(SF_ERR_FORMAT, origin, 1,
                                 "manifest: empty, expected a mapping of "
                                 "keys such as name, phantom, sources");
    } else {
        reader r = { origin, &doc, out };
        int index;
        st = flatten(&r, root, -1, 0, &index);
    }
    yaml_document_delete(&doc);

    /* A stream with several documents is almost always two manifests
     * pasted together: refuse rather than silently use the first. */
    if (st == SF_OK) {
        yaml_document_t extra;
        if (!yaml_parser_load(&parser, &extra)) {
            st = syntax_error(&parser, origin);
        } else {
            yaml_node_t *r2 = yaml_document_get_root_node(&extra);
            if (r2)
                st = sf_manifest_fail_at(
                    SF_ERR_FORMAT, origin, (int)r2->start_mark.line + 1,
                    "manifest: a second YAML document; expected one");
            yaml_document_delete(&extra);
        }
    }
    yaml_parser_delete(&parser);
    if (st != SF_OK)
        sf_manifest_yaml_free(out);
    return st;
}
