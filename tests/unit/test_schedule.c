/* The farm's scheduler: every chunk handed out once, tasks finish when all
 * their chunks are merged, the window bounds how far ahead a task runs, a
 * precision rule is decided only at round boundaries from exactly the
 * chunks of the finished rounds (so the decision does not depend on the
 * order in which chunks complete), and a restored state continues where it
 * stopped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "test_support.h"
#include "farm/schedule.h"

typedef struct handout {
    uint64_t task, chunk, first, n;
} handout;

/* A chunk's tally: one target, per-history values derived from the chunk
 * index so that merged tallies differ with the set of chunks. */
static void chunk_tally(sf_tally *t, uint64_t chunk, uint64_t n, double spread)
{
    sf_tally_clear(t);
    for (uint64_t h = 0; h < n; ++h)
        sf_tally_score_history(t, 0, 1.0 + spread * (double)((h * 7 + chunk) % 11));
    t->histories = n;
}

static void test_fixed_tasks(void **state)
{
    (void)state;
    uint64_t hist[3] = {1000, 250, 0};
    sf_schedule *s = NULL;
    assert_int_equal(sf_schedule_create(3, hist, NULL, NULL, 100, 1, &s), SF_OK);
    assert_int_equal(s->tasks[2].progress.state, SF_TASK_DONE); /* empty */
    handout h[32];
    int n = 0, r;
    while ((r = sf_schedule_next(s, &h[n].task, &h[n].chunk, &h[n].first, &h[n].n)) == 1)
        ++n;
    assert_int_equal(r, 0); /* all in flight, none done yet */
    assert_int_equal(n, 10 + 3);
    assert_int_equal(h[12].n, 50); /* last chunk of task 1 is short */
    sf_tally *t = NULL;
    assert_int_equal(sf_tally_create(1, &t), SF_OK);
    /* Complete in reverse order. */
    int done_count = 0;
    for (int i = n - 1; i >= 0; --i) {
        int done = 0;
        chunk_tally(t, h[i].chunk, h[i].n, 0.1);
        assert_int_equal(sf_schedule_complete(s, h[i].task, h[i].chunk, t, 1.0, &done), SF_OK);
        done_count += done;
    }
    assert_int_equal(done_count, 2);
    assert_int_equal(s->tasks[0].progress.histories_done, 1000);
    assert_int_equal(s->tasks[1].progress.histories_done, 250);
    assert_int_equal(sf_schedule_next(s, &h[0].task, &h[0].chunk, &h[0].first, &h[0].n), -1);
    /* A chunk completed twice is an error, not a double count. */
    int done = 0;
    assert_int_equal(sf_schedule_complete(s, 0, 3, t, 0, &done), SF_ERR_STATE);
    sf_tally_destroy(&t);
    sf_schedule_destroy(&s);
}

static void test_window(void **state)
{
    (void)state;
    uint64_t hist[1] = {1000 * 100};
    sf_schedule *s = NULL;
    assert_int_equal(sf_schedule_create(1, hist, NULL, NULL, 100, 1, &s), SF_OK);
    handout h;
    int n = 0;
    while (sf_schedule_next(s, &h.task, &h.chunk, &h.first, &h.n) == 1)
        ++n;
    assert_int_equal(n, SF_SCHED_WINDOW);
    sf_schedule_destroy(&s);
}

/* Runs a precision task to the end, completing each round's chunks in the
 * order given by `reverse`; returns the histories it took. */
static uint64_t run_precision(int reverse, double spread, sf_tally *merged_out)
{
    uint64_t hist[1] = {100 * 1000};
    int target[1] = {0};
    const sf_precision_rule rule = {.relative = 0.004};
    sf_schedule *s = NULL;
    assert_int_equal(sf_schedule_create(1, hist, target, &rule, 100, 1, &s), SF_OK);
    sf_tally *t = NULL;
    assert_int_equal(sf_tally_create(1, &t), SF_OK);
    for (;;) {
        handout h[SF_SCHED_WINDOW];
        int n = 0, r;
        while ((r = sf_schedule_next(s, &h[n].task, &h[n].chunk, &h[n].first, &h[n].n)) == 1)
            ++n;
        if (r == -1)
            break;
        /* A precision task never has more than one round in flight. */
        assert_true(n <= SF_SCHED_ROUND_CHUNKS);
        for (int k = 0; k < n; ++k) {
            int i = reverse ? n - 1 - k : k, done = 0;
            chunk_tally(t, h[i].chunk, h[i].n, spread);
            assert_int_equal(sf_schedule_complete(s, h[i].task, h[i].chunk, t, 0, &done), SF_OK);
        }
    }
    uint64_t histories = s->tasks[0].progress.histories_done;
    assert_int_equal(histories % (100 * SF_SCHED_ROUND_CHUNKS), 0);
    sf_tally_clear(merged_out);
    sf_tally_destroy(&t);
    sf_schedule_destroy(&s);
    return histories;
}

static void test_precision_rounds(void **state)
{
    (void)state;
    sf_tally *a = NULL;
    assert_int_equal(sf_tally_create(1, &a), SF_OK);
    uint64_t h1 = run_precision(0, 0.5, a), h2 = run_precision(1, 0.5, a);
    assert_int_equal(h1, h2);
    assert_true(h1 < 100 * 1000); /* the rule stopped it before the cap */
    /* A noisier quantity needs more rounds. */
    uint64_t h3 = run_precision(0, 5.0, a);
    assert_true(h3 > h1);
    sf_tally_destroy(&a);
}

static void test_restore(void **state)
{
    (void)state;
    uint64_t hist[1] = {1000};
    sf_schedule *s = NULL;
    assert_int_equal(sf_schedule_create(1, hist, NULL, NULL, 100, 1, &s), SF_OK);
    sf_tally *t = NULL;
    assert_int_equal(sf_tally_create(1, &t), SF_OK);
    handout h[10];
    for (int i = 0; i < 10; ++i)
        assert_int_equal(sf_schedule_next(s, &h[i].task, &h[i].chunk, &h[i].first, &h[i].n), 1);
    int done = 0;
    for (int i = 0; i < 10; i += 3) { /* chunks 0, 3, 6, 9 */
        chunk_tally(t, h[i].chunk, h[i].n, 0.1);
        assert_int_equal(sf_schedule_complete(s, 0, h[i].chunk, t, 0, &done), SF_OK);
    }
    sf_task_progress saved = s->tasks[0].progress;
    sf_tally *merged = NULL;
    assert_int_equal(sf_tally_create(1, &merged), SF_OK);
    sf_tally_merge(merged, s->tasks[0].tally);
    sf_schedule_destroy(&s);

    assert_int_equal(sf_schedule_create(1, hist, NULL, NULL, 100, 1, &s), SF_OK);
    assert_int_equal(sf_schedule_restore(s, 0, &saved, merged), SF_OK);
    uint64_t expect[6] = {1, 2, 4, 5, 7, 8}, task, chunk, first, n;
    for (int i = 0; i < 6; ++i) {
        assert_int_equal(sf_schedule_next(s, &task, &chunk, &first, &n), 1);
        assert_int_equal(chunk, expect[i]);
    }
    assert_int_equal(sf_schedule_next(s, &task, &chunk, &first, &n), 0);
    sf_tally_destroy(&merged);
    sf_tally_destroy(&t);
    sf_schedule_destroy(&s);
}

/* States sf_schedule_complete cannot write are refused on restore: the
 * task of 1000 histories in chunks of 100 has chunks 0 to 9. */
static void test_restore_refuses(void **state)
{
    (void)state;
    uint64_t hist[1] = {1000};
    sf_tally *t = NULL;
    assert_int_equal(sf_tally_create(1, &t), SF_OK);
    const struct {
        uint64_t base, mask, histories;
        int32_t state;
        sf_status expected;
    } cases[] = {
        {3, 0x4, 400, SF_TASK_RUNNING, SF_OK},         /* 0-2 and 5 done */
        {10, 0, 1000, SF_TASK_DONE, SF_OK},
        {11, 0, 1000, SF_TASK_DONE, SF_ERR_FORMAT},    /* past the last chunk */
        {3, 0x1 << 7, 400, SF_TASK_RUNNING, SF_ERR_FORMAT}, /* chunk 10 */
        {3, 0x1, 400, SF_TASK_RUNNING, SF_ERR_FORMAT}, /* base not advanced */
        {3, 0x4, 500, SF_TASK_RUNNING, SF_ERR_FORMAT}, /* histories */
        {3, 0, 300, SF_TASK_DONE, SF_ERR_FORMAT},      /* done too early */
        {10, 0, 1000, SF_TASK_RUNNING, SF_ERR_FORMAT}, /* all done, running */
        {3, 0, 300, 7, SF_ERR_FORMAT},                 /* no such state */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; ++i) {
        sf_schedule *s = NULL;
        assert_int_equal(sf_schedule_create(1, hist, NULL, NULL, 100, 1, &s), SF_OK);
        sf_task_progress p = {0};
        p.seq = 4;
        p.chunks_base = cases[i].base;
        p.round_mask = cases[i].mask;
        p.histories_done = cases[i].histories;
        p.state = cases[i].state;
        sf_tally_clear(t);
        t->histories = cases[i].histories;
        sf_status st = sf_schedule_restore(s, 0, &p, t);
        if (st != cases[i].expected)
            fail_msg("case %zu: status %d, expected %d (%s)", i, st,
                     cases[i].expected, sf_error_message());
        if (st != SF_OK)
            assert_non_null(strstr(sf_error_message(), "task 0: saved state "
                                   "is inconsistent"));
        sf_schedule_destroy(&s);
    }
    sf_tally_destroy(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixed_tasks), cmocka_unit_test(test_window),
        cmocka_unit_test(test_precision_rounds), cmocka_unit_test(test_restore),
        cmocka_unit_test(test_restore_refuses)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
