//! `rte_arp.h`: RARP request packets (filled in once pktmbuf pools exist).
