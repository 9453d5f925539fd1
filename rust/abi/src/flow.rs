//! `rte_flow.h`, `rte_mtr.h`, `rte_tm.h`: the 22.11 structs the library
//! itself reads or writes (error reports, the generic rule containers and
//! the few item/action configurations `rte_flow_conv` copies deeply), and
//! the per-type size tables of `rte_flow_conv`. No logic.

use core::ffi::{c_char, c_int, c_void};
use core::mem::{offset_of, size_of};

/// `struct rte_flow_error` (also the layout of `rte_mtr_error` and `rte_tm_error`).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct rte_flow_error {
    /// Error type (`enum rte_flow_error_type` / `rte_mtr_error_type` / `rte_tm_error_type`).
    pub type_: c_int,
    /// The object the error is about, or NULL.
    pub cause: *const c_void,
    /// Static message, or NULL.
    pub message: *const c_char,
}

/// `struct rte_flow_attr`: group, priority, then the ingress/egress/transfer bits.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct rte_flow_attr {
    /// Group.
    pub group: u32,
    /// Priority.
    pub priority: u32,
    /// Bit 0 ingress, bit 1 egress, bit 2 transfer, the rest reserved.
    pub bits: u32,
}

/// `rte_flow_attr` bit: ingress.
pub const FLOW_ATTR_INGRESS: u32 = 1 << 0;
/// `rte_flow_attr` bit: egress.
pub const FLOW_ATTR_EGRESS: u32 = 1 << 1;
/// `rte_flow_attr` bit: transfer.
pub const FLOW_ATTR_TRANSFER: u32 = 1 << 2;

/// `struct rte_flow_item`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct rte_flow_item {
    /// `enum rte_flow_item_type` (negative: PMD-private).
    pub type_: c_int,
    /// Spec, or NULL.
    pub spec: *const c_void,
    /// Range end, or NULL.
    pub last: *const c_void,
    /// Mask, or NULL.
    pub mask: *const c_void,
}

/// `struct rte_flow_action`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct rte_flow_action {
    /// `enum rte_flow_action_type` (negative: PMD-private).
    pub type_: c_int,
    /// Configuration, or NULL.
    pub conf: *const c_void,
}

/// `struct rte_flow_conv_rule` (the `_ro` members alias the writable ones).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct rte_flow_conv_rule {
    /// Attributes.
    pub attr: *const rte_flow_attr,
    /// Pattern.
    pub pattern: *const rte_flow_item,
    /// Actions.
    pub actions: *const rte_flow_action,
}

/// `struct rte_flow_desc`, followed by its flexible `data[]`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct rte_flow_desc {
    /// Total size of the description.
    pub size: usize,
    /// Attributes.
    pub attr: rte_flow_attr,
    /// Pattern.
    pub items: *mut rte_flow_item,
    /// Actions.
    pub actions: *mut rte_flow_action,
}

/// `struct rte_flow_item_raw`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct rte_flow_item_raw {
    /// relative:1, search:1, reserved:30.
    pub bits: u32,
    /// Offset.
    pub offset: i32,
    /// Search area limit.
    pub limit: u16,
    /// Pattern length.
    pub length: u16,
    /// Pattern bytes.
    pub pattern: *const u8,
}

/// `struct rte_flow_item_flex`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct rte_flow_item_flex {
    /// Flex item handle.
    pub handle: *mut c_void,
    /// Pattern length.
    pub length: u32,
    /// Pattern bytes.
    pub pattern: *const u8,
}

/// `struct rte_flow_action_rss`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct rte_flow_action_rss {
    /// `enum rte_eth_hash_function`.
    pub func: c_int,
    /// Encapsulation level.
    pub level: u32,
    /// RSS types.
    pub types: u64,
    /// Key length in bytes.
    pub key_len: u32,
    /// Number of queues.
    pub queue_num: u32,
    /// Key bytes.
    pub key: *const u8,
    /// Queue indices.
    pub queue: *const u16,
}

/// `struct rte_flow_action_vxlan_encap` / `rte_flow_action_nvgre_encap`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct rte_flow_action_vxlan_encap {
    /// The encapsulation headers as a pattern.
    pub definition: *mut rte_flow_item,
}

const _: () = {
    assert!(size_of::<rte_flow_error>() == 24 && offset_of!(rte_flow_error, message) == 16);
    assert!(size_of::<rte_flow_attr>() == 12);
    assert!(size_of::<rte_flow_item>() == 32 && offset_of!(rte_flow_item, mask) == 24);
    assert!(size_of::<rte_flow_action>() == 16 && offset_of!(rte_flow_action, conf) == 8);
    assert!(size_of::<rte_flow_conv_rule>() == 24);
    assert!(size_of::<rte_flow_desc>() == 40 && offset_of!(rte_flow_desc, items) == 24);
    assert!(size_of::<rte_flow_item_raw>() == 24 && offset_of!(rte_flow_item_raw, length) == 10);
    assert!(size_of::<rte_flow_item_flex>() == 24 && offset_of!(rte_flow_item_flex, pattern) == 16);
    assert!(size_of::<rte_flow_action_rss>() == 40 && offset_of!(rte_flow_action_rss, queue) == 32);
};

/// `RTE_FLOW_ERROR_TYPE_UNSPECIFIED` (also the MTR and TM value).
pub const RTE_FLOW_ERROR_TYPE_UNSPECIFIED: c_int = 1;
/// `RTE_FLOW_ERROR_TYPE_ATTR`.
pub const RTE_FLOW_ERROR_TYPE_ATTR: c_int = 8;
/// `RTE_FLOW_ERROR_TYPE_ITEM`.
pub const RTE_FLOW_ERROR_TYPE_ITEM: c_int = 13;
/// `RTE_FLOW_ERROR_TYPE_ACTION`.
pub const RTE_FLOW_ERROR_TYPE_ACTION: c_int = 16;
/// `RTE_FLOW_ERROR_TYPE_STATE`.
pub const RTE_FLOW_ERROR_TYPE_STATE: c_int = 17;

/// `enum rte_flow_conv_op` values.
pub mod conv_op {
    pub const NONE: i32 = 0;
    pub const ATTR: i32 = 1;
    pub const ITEM: i32 = 2;
    pub const ACTION: i32 = 3;
    pub const PATTERN: i32 = 4;
    pub const ACTIONS: i32 = 5;
    pub const RULE: i32 = 6;
    pub const ITEM_NAME: i32 = 7;
    pub const ACTION_NAME: i32 = 8;
    pub const ITEM_NAME_PTR: i32 = 9;
    pub const ACTION_NAME_PTR: i32 = 10;
}

/// Item types with a deep copy in `rte_flow_conv`.
pub const RTE_FLOW_ITEM_TYPE_RAW: c_int = 5;
/// Flex item.
pub const RTE_FLOW_ITEM_TYPE_FLEX: c_int = 55;
/// RSS action.
pub const RTE_FLOW_ACTION_TYPE_RSS: c_int = 9;
/// VXLAN encapsulation action.
pub const RTE_FLOW_ACTION_TYPE_VXLAN_ENCAP: c_int = 22;
/// NVGRE encapsulation action.
pub const RTE_FLOW_ACTION_TYPE_NVGRE_ENCAP: c_int = 24;
/// Indirect action (conf is a handle, copied as is).
pub const RTE_FLOW_ACTION_TYPE_INDIRECT: c_int = 51;

/// One entry of the conversion tables: the type's name (None: a hole in
/// 22.11's table) and the size of its spec/conf structure.
pub type FlowDesc = (Option<&'static core::ffi::CStr>, usize);

/// 22.11's pattern item table, indexed by `enum rte_flow_item_type` (61 entries).
pub static FLOW_ITEMS: [FlowDesc; 61] = [
    (Some(c"END"), 0),
    (Some(c"VOID"), 0),
    (Some(c"INVERT"), 0),
    (Some(c"ANY"), 4),
    (Some(c"PORT_ID"), 4),
    (Some(c"RAW"), 24),
    (Some(c"ETH"), 20),
    (Some(c"VLAN"), 8),
    (Some(c"IPV4"), 20),
    (Some(c"IPV6"), 44),
    (Some(c"ICMP"), 8),
    (Some(c"UDP"), 8),
    (Some(c"TCP"), 20),
    (Some(c"SCTP"), 12),
    (Some(c"VXLAN"), 8),
    (Some(c"E_TAG"), 8),
    (Some(c"NVGRE"), 8),
    (Some(c"MPLS"), 4),
    (Some(c"GRE"), 4),
    (Some(c"FUZZY"), 4),
    (Some(c"GTP"), 8),
    (Some(c"GTPC"), 8),
    (Some(c"GTPU"), 8),
    (Some(c"ESP"), 8),
    (Some(c"GENEVE"), 8),
    (Some(c"VXLAN_GPE"), 8),
    (Some(c"ARP_ETH_IPV4"), 32),
    (Some(c"IPV6_EXT"), 1),
    (Some(c"ICMP6"), 4),
    (Some(c"ICMP6_ND_NS"), 24),
    (Some(c"ICMP6_ND_NA"), 24),
    (Some(c"ICMP6_ND_OPT"), 2),
    (Some(c"ICMP6_ND_OPT_SLA_ETH"), 8),
    (Some(c"ICMP6_ND_OPT_TLA_ETH"), 8),
    (Some(c"MARK"), 4),
    (Some(c"META"), 4),
    (Some(c"GRE_KEY"), 4),
    (Some(c"GTP_PSC"), 3),
    (Some(c"PPPOES"), 6),
    (Some(c"PPPOED"), 6),
    (Some(c"PPPOE_PROTO_ID"), 2),
    (Some(c"NSH"), 8),
    (Some(c"IGMP"), 8),
    (Some(c"AH"), 12),
    (Some(c"HIGIG2"), 16),
    (Some(c"TAG"), 8),
    (Some(c"L2TPV3OIP"), 4),
    (Some(c"PFCP"), 16),
    (Some(c"ECPRI"), 16),
    (Some(c"IPV6_FRAG_EXT"), 8),
    (Some(c"GENEVE_OPT"), 16),
    (Some(c"INTEGRITY"), 16),
    (Some(c"CONNTRACK"), 4),
    (Some(c"PORT_REPRESENTOR"), 2),
    (Some(c"REPRESENTED_PORT"), 2),
    (Some(c"FLEX"), 24),
    (Some(c"L2TPV2"), 26),
    (Some(c"PPP"), 4),
    (Some(c"GRE_OPTION"), 12),
    (None, 0),
    (Some(c"METER_COLOR"), 4),
];

/// 22.11's action table, indexed by `enum rte_flow_action_type` (58 entries).
pub static FLOW_ACTIONS: [FlowDesc; 58] = [
    (Some(c"END"), 0),
    (Some(c"VOID"), 0),
    (Some(c"PASSTHRU"), 0),
    (Some(c"JUMP"), 4),
    (Some(c"MARK"), 4),
    (Some(c"FLAG"), 0),
    (Some(c"QUEUE"), 2),
    (Some(c"DROP"), 0),
    (Some(c"COUNT"), 4),
    (Some(c"RSS"), 40),
    (Some(c"PF"), 0),
    (Some(c"VF"), 8),
    (Some(c"PORT_ID"), 8),
    (Some(c"METER"), 4),
    (Some(c"SECURITY"), 8),
    (Some(c"OF_DEC_NW_TTL"), 0),
    (Some(c"OF_POP_VLAN"), 0),
    (Some(c"OF_PUSH_VLAN"), 2),
    (Some(c"OF_SET_VLAN_VID"), 2),
    (Some(c"OF_SET_VLAN_PCP"), 1),
    (Some(c"OF_POP_MPLS"), 2),
    (Some(c"OF_PUSH_MPLS"), 2),
    (Some(c"VXLAN_ENCAP"), 8),
    (Some(c"VXLAN_DECAP"), 0),
    (Some(c"NVGRE_ENCAP"), 8),
    (Some(c"NVGRE_DECAP"), 0),
    (Some(c"RAW_ENCAP"), 24),
    (Some(c"RAW_DECAP"), 16),
    (Some(c"SET_IPV4_SRC"), 4),
    (Some(c"SET_IPV4_DST"), 4),
    (Some(c"SET_IPV6_SRC"), 16),
    (Some(c"SET_IPV6_DST"), 16),
    (Some(c"SET_TP_SRC"), 2),
    (Some(c"SET_TP_DST"), 2),
    (Some(c"MAC_SWAP"), 0),
    (Some(c"DEC_TTL"), 0),
    (Some(c"SET_TTL"), 1),
    (Some(c"SET_MAC_SRC"), 6),
    (Some(c"SET_MAC_DST"), 6),
    (Some(c"INC_TCP_SEQ"), 4),
    (Some(c"DEC_TCP_SEQ"), 4),
    (Some(c"INC_TCP_ACK"), 4),
    (Some(c"DEC_TCP_ACK"), 4),
    (Some(c"SET_TAG"), 12),
    (Some(c"SET_META"), 8),
    (Some(c"SET_IPV4_DSCP"), 1),
    (Some(c"SET_IPV6_DSCP"), 1),
    (Some(c"AGE"), 16),
    (Some(c"SAMPLE"), 16),
    (None, 0),
    (Some(c"MODIFY_FIELD"), 64),
    (Some(c"INDIRECT"), 0),
    (Some(c"CONNTRACK"), 72),
    (None, 0),
    (Some(c"PORT_REPRESENTOR"), 2),
    (Some(c"REPRESENTED_PORT"), 2),
    (Some(c"METER_MARK"), 32),
    (Some(c"SEND_TO_KERNEL"), 0),
];

/// Slots of `struct rte_flow_ops` (22.11 order).
pub mod flow_slot {
    pub const VALIDATE: usize = 0;
    pub const CREATE: usize = 1;
    pub const DESTROY: usize = 2;
    pub const FLUSH: usize = 3;
    pub const QUERY: usize = 4;
    pub const ISOLATE: usize = 5;
    pub const DEV_DUMP: usize = 6;
    pub const GET_AGED_FLOWS: usize = 7;
    pub const GET_Q_AGED_FLOWS: usize = 8;
    pub const ACTION_HANDLE_CREATE: usize = 9;
    pub const ACTION_HANDLE_DESTROY: usize = 10;
    pub const ACTION_HANDLE_UPDATE: usize = 11;
    pub const ACTION_HANDLE_QUERY: usize = 12;
    pub const TUNNEL_DECAP_SET: usize = 13;
    pub const TUNNEL_MATCH: usize = 14;
    pub const GET_RESTORE_INFO: usize = 15;
    pub const TUNNEL_ACTION_DECAP_RELEASE: usize = 16;
    pub const TUNNEL_ITEM_RELEASE: usize = 17;
    pub const PICK_TRANSFER_PROXY: usize = 18;
    pub const FLEX_ITEM_CREATE: usize = 19;
    pub const FLEX_ITEM_RELEASE: usize = 20;
    pub const INFO_GET: usize = 21;
    pub const CONFIGURE: usize = 22;
    pub const PATTERN_TEMPLATE_CREATE: usize = 23;
    pub const PATTERN_TEMPLATE_DESTROY: usize = 24;
    pub const ACTIONS_TEMPLATE_CREATE: usize = 25;
    pub const ACTIONS_TEMPLATE_DESTROY: usize = 26;
    pub const TEMPLATE_TABLE_CREATE: usize = 27;
    pub const TEMPLATE_TABLE_DESTROY: usize = 28;
    pub const ASYNC_CREATE: usize = 29;
    pub const ASYNC_DESTROY: usize = 30;
    pub const PUSH: usize = 31;
    pub const PULL: usize = 32;
    pub const ASYNC_ACTION_HANDLE_CREATE: usize = 33;
    pub const ASYNC_ACTION_HANDLE_DESTROY: usize = 34;
    pub const ASYNC_ACTION_HANDLE_UPDATE: usize = 35;
    pub const ASYNC_ACTION_HANDLE_QUERY: usize = 36;
}

/// Index of `flow_ops_get` in `eth_dev_ops::others`.
pub const OPS_OTHERS_FLOW_OPS_GET: usize = 23;
/// Index of `tm_ops_get` in `eth_dev_ops::others`.
pub const OPS_OTHERS_TM_OPS_GET: usize = 35;
/// Index of `mtr_ops_get` in `eth_dev_ops::others`.
pub const OPS_OTHERS_MTR_OPS_GET: usize = 36;
