/*
 * test-moment-tree.c: the snapshot hierarchy data structure
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "testutils.h"
#include "conf/moment_tree.h"

/* Payloads are plain strings: the parent's name, for the bulk loader. */
static virMomentTree *
newTree(void)
{
    return virMomentTreeNew(g_free);
}


static virMoment *
add(virMomentTree *tree, const char *name, const char *parent)
{
    virMoment *p = parent ? virMomentTreeLookup(tree, parent) : NULL;

    return virMomentTreeAdd(tree, name, p, g_strdup(parent ? parent : ""));
}


/* The names of a listing, space separated. */
static char *
names(GPtrArray *list)
{
    GString *s = g_string_new(NULL);

    for (size_t i = 0; i < list->len; i++)
        g_string_append_printf(s, "%s%s", i ? " " : "",
                               ((virMoment *)list->pdata[i])->name);
    g_ptr_array_unref(list);
    return g_string_free(s, FALSE);
}


static char *
listNames(virMomentTree *tree, const char *from, unsigned int flags)
{
    return names(virMomentTreeList(tree, from ? virMomentTreeLookup(tree, from) : NULL,
                                   flags, NULL));
}


/*      a
 *     / \
 *    b   c
 *   / \   \
 *  d   e   f
 */
static virMomentTree *
sampleTree(void)
{
    virMomentTree *tree = newTree();

    add(tree, "a", NULL);
    add(tree, "b", "a");
    add(tree, "c", "a");
    add(tree, "d", "b");
    add(tree, "e", "b");
    add(tree, "f", "c");
    return tree;
}


static void
test_lookup_finds_each_moment_by_name(void)
{
    g_autoptr(virMomentTree) tree = sampleTree();

    CHECK_INT(virMomentTreeSize(tree), 6);
    CHECK_STR(virMomentTreeLookup(tree, "e")->name, "e");
    CHECK_STR(virMomentGetParent(virMomentTreeLookup(tree, "e"))->name, "b");
    CHECK(virMomentGetParent(virMomentTreeLookup(tree, "a")) == NULL);
    CHECK(virMomentTreeLookup(tree, "zz") == NULL);
    CHECK(virMomentTreeLookup(tree, NULL) == NULL);
}


static void
test_adding_a_taken_name_fails_and_leaves_the_tree_alone(void)
{
    g_autoptr(virMomentTree) tree = sampleTree();
    char *payload = g_strdup("x");

    CHECK(virMomentTreeAdd(tree, "c", NULL, payload) == NULL);
    CHECK_INT(virGetLastErrorCode(), VIR_ERR_OPERATION_FAILED);
    CHECK_STR(virGetLastErrorMessage(), "operation failed: domain moment c already exists");
    CHECK_INT(virMomentTreeSize(tree), 6);
    g_free(payload);
}


static void
test_listing_is_topological_with_newest_children_first(void)
{
    g_autoptr(virMomentTree) tree = sampleTree();
    g_autofree char *all = listNames(tree, NULL, VIR_MOMENT_LIST_TOPOLOGICAL);
    g_autofree char *roots = listNames(tree, NULL, VIR_MOMENT_LIST_ROOTS);
    g_autofree char *children = listNames(tree, "a", 0);
    g_autofree char *descendants = listNames(tree, "b", VIR_MOMENT_LIST_DESCENDANTS);

    CHECK_STR(all, "a c f b e d");
    CHECK_STR(roots, "a");
    CHECK_STR(children, "c b");
    CHECK_STR(descendants, "e d");
}


static void
test_leaf_filters_select_by_children(void)
{
    g_autoptr(virMomentTree) tree = sampleTree();
    g_autofree char *leaves = listNames(tree, NULL, VIR_MOMENT_LIST_LEAVES | VIR_MOMENT_LIST_TOPOLOGICAL);
    g_autofree char *inner = listNames(tree, NULL, VIR_MOMENT_LIST_NO_LEAVES | VIR_MOMENT_LIST_TOPOLOGICAL);
    g_autofree char *both = listNames(tree, NULL, VIR_MOMENT_LIST_LEAVES |
                                                  VIR_MOMENT_LIST_NO_LEAVES);

    CHECK_STR(leaves, "f e d");
    CHECK_STR(inner, "a c b");
    CHECK_STR(both, "");
}


static void
test_metadata_filters_treat_every_moment_as_having_metadata(void)
{
    g_autoptr(virMomentTree) tree = sampleTree();

    CHECK_INT(virMomentTreeCount(tree, NULL, VIR_MOMENT_LIST_NO_METADATA, NULL), 0);
    CHECK_INT(virMomentTreeCount(tree, NULL, VIR_MOMENT_LIST_METADATA, NULL), 6);
    CHECK_INT(virMomentTreeCount(tree, NULL, VIR_MOMENT_LIST_METADATA |
                                 VIR_MOMENT_LIST_NO_METADATA, NULL), 6);
}


static void
test_counts_agree_with_listings(void)
{
    g_autoptr(virMomentTree) tree = sampleTree();
    unsigned int flagsets[] = {
        0, VIR_MOMENT_LIST_ROOTS, VIR_MOMENT_LIST_LEAVES, VIR_MOMENT_LIST_NO_LEAVES,
        VIR_MOMENT_LIST_TOPOLOGICAL, VIR_MOMENT_LIST_ROOTS | VIR_MOMENT_LIST_LEAVES,
    };
    const char *froms[] = { NULL, "a", "b", "f" };

    for (size_t i = 0; i < G_N_ELEMENTS(flagsets); i++) {
        for (size_t j = 0; j < G_N_ELEMENTS(froms); j++) {
            virMoment *from = froms[j] ? virMomentTreeLookup(tree, froms[j]) : NULL;
            g_autoptr(GPtrArray) list = virMomentTreeList(tree, from, flagsets[i], NULL);

            CHECK_INT(virMomentTreeCount(tree, from, flagsets[i], NULL), list->len);
        }
    }
}


static bool
onlyVowels(const virMoment *m, unsigned int flags)
{
    return strchr("aeiou", m->name[0]) != NULL;
}


static void
test_filter_callback_applies_only_to_unknown_bits(void)
{
    g_autoptr(virMomentTree) tree = sampleTree();
    g_autofree char *filtered = names(virMomentTreeList(tree, NULL, 1 << 8 | VIR_MOMENT_LIST_TOPOLOGICAL, onlyVowels));
    g_autofree char *unfiltered = names(virMomentTreeList(tree, NULL, VIR_MOMENT_LIST_TOPOLOGICAL, onlyVowels));

    CHECK_STR(filtered, "a e");
    CHECK_STR(unfiltered, "a c f b e d");
    CHECK_INT(virMomentTreeCount(tree, NULL, 1 << 8, onlyVowels), 2);
}


static void
test_remove_reparents_children_to_parent(void)
{
    g_autoptr(virMomentTree) tree = sampleTree();
    g_autofree char *children = NULL;
    g_autofree char *all = NULL;

    virMomentTreeRemove(tree, virMomentTreeLookup(tree, "b"));
    children = listNames(tree, "a", 0);
    all = listNames(tree, NULL, VIR_MOMENT_LIST_TOPOLOGICAL);
    /* b's children come first, ahead of a's other children. */
    CHECK_STR(children, "e d c");
    CHECK_STR(all, "a e d c f");
    CHECK_STR(virMomentGetParent(virMomentTreeLookup(tree, "d"))->name, "a");
    CHECK(virMomentTreeLookup(tree, "b") == NULL);
    CHECK_INT(virMomentTreeSize(tree), 5);
}


static void
test_remove_root_makes_its_children_roots(void)
{
    g_autoptr(virMomentTree) tree = sampleTree();
    g_autofree char *roots = NULL;

    virMomentTreeSetCurrent(tree, virMomentTreeLookup(tree, "a"));
    virMomentTreeRemove(tree, virMomentTreeLookup(tree, "a"));
    roots = listNames(tree, NULL, VIR_MOMENT_LIST_ROOTS);
    CHECK_STR(roots, "c b");
    CHECK(virMomentGetParent(virMomentTreeLookup(tree, "c")) == NULL);
    CHECK(virMomentTreeGetCurrent(tree) == NULL);
}


static void
test_removing_current_makes_parent_current(void)
{
    g_autoptr(virMomentTree) tree = sampleTree();

    virMomentTreeSetCurrent(tree, virMomentTreeLookup(tree, "e"));
    virMomentTreeRemove(tree, virMomentTreeLookup(tree, "e"));
    CHECK_STR(virMomentTreeGetCurrent(tree)->name, "b");
    virMomentTreeRemove(tree, virMomentTreeLookup(tree, "d"));
    CHECK_STR(virMomentTreeGetCurrent(tree)->name, "b");
}


static void
test_remove_descendants_keeps_the_moment(void)
{
    g_autoptr(virMomentTree) tree = sampleTree();
    g_autofree char *all = NULL;
    virMoment *b = virMomentTreeLookup(tree, "b");

    virMomentTreeSetCurrent(tree, virMomentTreeLookup(tree, "d"));
    virMomentTreeRemoveDescendants(tree, b);
    all = listNames(tree, NULL, VIR_MOMENT_LIST_TOPOLOGICAL);
    CHECK_STR(all, "a c f b");
    CHECK_INT(b->nchildren, 0);
    CHECK(virMomentTreeGetCurrent(tree) == b);
    CHECK_INT(virMomentTreeSize(tree), 4);
}


static void
test_remove_descendants_leaves_current_elsewhere_alone(void)
{
    g_autoptr(virMomentTree) tree = sampleTree();
    virMoment *f = virMomentTreeLookup(tree, "f");

    virMomentTreeSetCurrent(tree, f);
    virMomentTreeRemoveDescendants(tree, virMomentTreeLookup(tree, "b"));
    CHECK(virMomentTreeGetCurrent(tree) == f);
}


static void
test_set_parent_moves_a_whole_subtree(void)
{
    g_autoptr(virMomentTree) tree = sampleTree();
    g_autofree char *underF = NULL;
    g_autofree char *roots = NULL;

    virMomentTreeSetParent(tree, virMomentTreeLookup(tree, "b"),
                           virMomentTreeLookup(tree, "f"));
    underF = listNames(tree, "f", VIR_MOMENT_LIST_DESCENDANTS);
    CHECK_STR(underF, "b e d");
    CHECK_INT(virMomentTreeLookup(tree, "a")->nchildren, 1);

    virMomentTreeSetParent(tree, virMomentTreeLookup(tree, "b"), NULL);
    roots = listNames(tree, NULL, VIR_MOMENT_LIST_ROOTS);
    CHECK_STR(roots, "b a");
}


static void
test_is_descendant_walks_up_parents(void)
{
    g_autoptr(virMomentTree) tree = sampleTree();
    virMoment *a = virMomentTreeLookup(tree, "a");
    virMoment *b = virMomentTreeLookup(tree, "b");
    virMoment *d = virMomentTreeLookup(tree, "d");
    virMoment *f = virMomentTreeLookup(tree, "f");

    CHECK(virMomentIsDescendant(d, a));
    CHECK(virMomentIsDescendant(d, b));
    CHECK(virMomentIsDescendant(b, b));
    CHECK(!virMomentIsDescendant(f, b));
    CHECK(!virMomentIsDescendant(a, d));
}


static const char *
parentOf(const void *def)
{
    return *(const char *)def ? def : NULL;
}


static virMomentTree *
loadTree(const char *const *pairs, int *rc)
{
    virMomentTree *tree = newTree();
    g_autoptr(GPtrArray) moments = g_ptr_array_new();

    for (size_t i = 0; pairs[i]; i += 2)
        g_ptr_array_add(moments, virMomentTreeAddUnlinked(tree, pairs[i],
                                                         g_strdup(pairs[i + 1])));
    *rc = virMomentTreeLinkAll(tree, moments, parentOf, "domain 'vm'");
    return tree;
}


static void
test_bulk_load_links_parents_in_one_pass(void)
{
    const char *pairs[] = { "d", "b", "b", "a", "a", "", "c", "a", NULL };
    int rc;
    g_autoptr(virMomentTree) tree = loadTree(pairs, &rc);
    g_autoptr(GPtrArray) all = virMomentTreeList(tree, NULL, VIR_MOMENT_LIST_TOPOLOGICAL, NULL);

    CHECK_INT(rc, 0);
    CHECK_INT(all->len, 4);
    CHECK_STR(((virMoment *)all->pdata[0])->name, "a");
    CHECK_STR(virMomentGetParent(virMomentTreeLookup(tree, "d"))->name, "b");
}


static void
test_bulk_load_refuses_a_missing_parent(void)
{
    const char *pairs[] = { "a", "", "b", "zz", NULL };
    int rc;
    g_autoptr(virMomentTree) tree = loadTree(pairs, &rc);

    CHECK_INT(rc, -1);
    CHECK_INT(virGetLastErrorCode(), VIR_ERR_CONFIG_UNSUPPORTED);
    CHECK_CONTAINS(virGetLastErrorMessage(), "parent 'zz' of snapshot 'b' of domain 'vm' not found");
}


static void
test_bulk_load_refuses_a_cycle(void)
{
    const char *pairs[] = { "root", "", "x", "z", "y", "x", "z", "y", NULL };
    int rc;
    g_autoptr(virMomentTree) tree = loadTree(pairs, &rc);

    CHECK_INT(rc, -1);
    CHECK_CONTAINS(virGetLastErrorMessage(), "form a cycle");
    CHECK_CONTAINS(virGetLastErrorMessage(), "domain 'vm'");
}


static void
test_bulk_load_refuses_self_parent(void)
{
    const char *pairs[] = { "a", "a", NULL };
    int rc;
    g_autoptr(virMomentTree) tree = loadTree(pairs, &rc);

    CHECK_INT(rc, -1);
    CHECK_CONTAINS(virGetLastErrorMessage(), "'a' form a cycle");
}


/* A name too long for a slot is kept outside it; a freed slot is reused
 * by the next moment; neither may disturb the other names. */
static void
test_long_names_and_reused_slots_keep_their_names(void)
{
    g_autoptr(virMomentTree) tree = newTree();
    g_autofree char *longName = g_strnfill(200, 'x');
    g_autofree char *all = NULL;

    add(tree, "a", NULL);
    add(tree, longName, "a");
    add(tree, "c", longName);
    CHECK_STR(virMomentTreeLookup(tree, longName)->name, longName);
    virMomentTreeRemove(tree, virMomentTreeLookup(tree, longName));
    add(tree, "d", "a");
    add(tree, longName, "d");
    all = listNames(tree, NULL, VIR_MOMENT_LIST_TOPOLOGICAL);
    CHECK_STR(virMomentTreeLookup(tree, longName)->name, longName);
    CHECK_CONTAINS(all, "a d xxxxxxxx");
    CHECK_INT(virMomentTreeSize(tree), 4);
}


static bool
visitTwo(virMoment *moment, void *opaque)
{
    GString *seen = opaque;

    g_string_append(seen, moment->name);
    return seen->len < 2;
}


static void
test_for_each_visits_in_list_order_until_told_to_stop(void)
{
    g_autoptr(virMomentTree) tree = sampleTree();
    g_autoptr(GString) seen = g_string_new(NULL);

    CHECK_INT(virMomentTreeForEach(tree, NULL, VIR_MOMENT_LIST_TOPOLOGICAL, NULL, visitTwo, seen), 2);
    CHECK_STR(seen->str, "ac");
    CHECK_INT(virMomentTreeForEach(tree, NULL, VIR_MOMENT_LIST_LEAVES, NULL, NULL, NULL), 3);
}


/* A chain a million deep: every operation must walk it without recursion
 * (a recursive walk would overflow the stack long before). */
static void
test_million_deep_chain_is_walked_without_recursion(void)
{
    g_autoptr(virMomentTree) tree = newTree();
    const int depth = 1000000;
    virMoment *prev = NULL;
    virMoment *first;
    char name[32];

    for (int i = 0; i < depth; i++) {
        g_snprintf(name, sizeof(name), "s%d", i);
        prev = virMomentTreeAdd(tree, name, prev, NULL);
    }
    virMomentTreeSetCurrent(tree, prev);
    first = virMomentTreeLookup(tree, "s0");
    CHECK_INT(virMomentTreeCount(tree, first, VIR_MOMENT_LIST_DESCENDANTS, NULL), depth - 1);
    CHECK_INT(virMomentTreeCount(tree, NULL, VIR_MOMENT_LIST_LEAVES, NULL), 1);
    CHECK(virMomentIsDescendant(prev, first));

    virMomentTreeRemoveDescendants(tree, virMomentTreeLookup(tree, "s1"));
    CHECK_INT(virMomentTreeSize(tree), 2);
    CHECK_STR(virMomentTreeGetCurrent(tree)->name, "s1");
}


static void
test_unordered_listing_returns_the_same_moments_in_storage_order(void)
{
    g_autoptr(virMomentTree) tree = sampleTree();
    g_autofree char *plain = NULL;
    g_autofree char *leaves = NULL;

    /* Storage order is creation order until slots are reused. */
    plain = listNames(tree, NULL, 0);
    leaves = listNames(tree, NULL, VIR_MOMENT_LIST_LEAVES);
    CHECK_STR(plain, "a b c d e f");
    CHECK_STR(leaves, "d e f");
    virMomentTreeRemove(tree, virMomentTreeLookup(tree, "b"));
    add(tree, "g", "f");
    g_free(plain);
    plain = listNames(tree, NULL, 0);
    CHECK_STR(plain, "a g c d e f");
    CHECK_INT(virMomentTreeCount(tree, NULL, VIR_MOMENT_LIST_LEAVES, NULL), 3);
}


static const testCase tests[] = {
    TEST_CASE(test_lookup_finds_each_moment_by_name),
    TEST_CASE(test_unordered_listing_returns_the_same_moments_in_storage_order),
    TEST_CASE(test_adding_a_taken_name_fails_and_leaves_the_tree_alone),
    TEST_CASE(test_listing_is_topological_with_newest_children_first),
    TEST_CASE(test_leaf_filters_select_by_children),
    TEST_CASE(test_metadata_filters_treat_every_moment_as_having_metadata),
    TEST_CASE(test_counts_agree_with_listings),
    TEST_CASE(test_filter_callback_applies_only_to_unknown_bits),
    TEST_CASE(test_remove_reparents_children_to_parent),
    TEST_CASE(test_remove_root_makes_its_children_roots),
    TEST_CASE(test_removing_current_makes_parent_current),
    TEST_CASE(test_remove_descendants_keeps_the_moment),
    TEST_CASE(test_remove_descendants_leaves_current_elsewhere_alone),
    TEST_CASE(test_set_parent_moves_a_whole_subtree),
    TEST_CASE(test_is_descendant_walks_up_parents),
    TEST_CASE(test_bulk_load_links_parents_in_one_pass),
    TEST_CASE(test_bulk_load_refuses_a_missing_parent),
    TEST_CASE(test_bulk_load_refuses_a_cycle),
    TEST_CASE(test_bulk_load_refuses_self_parent),
    TEST_CASE(test_long_names_and_reused_slots_keep_their_names),
    TEST_CASE(test_for_each_visits_in_list_order_until_told_to_stop),
    TEST_CASE(test_million_deep_chain_is_walked_without_recursion),
    { NULL, NULL },
};


int
main(int argc, char **argv)
{
    return testRun(argc, argv, tests);
}
