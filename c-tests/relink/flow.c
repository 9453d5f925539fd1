/* The rte_flow / rte_mtr / rte_tm API test (c-tests/api/flow.c) compiled
 * with the REFERENCE's headers and run on librte-rs: the reference's
 * struct layouts, enum values and the copy-relocated data symbols
 * rte_flow_dynf_metadata_offs/mask (written by our library, read by the
 * program's inline code) must all agree. */
#define FLOW_FILE_PREFIX "relink_flow"
#include "../api/flow.c"
