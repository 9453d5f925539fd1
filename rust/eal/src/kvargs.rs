//! `key=value` argument lists as librte_kvargs splits them.
//!
//! The string is cut at `,` (not inside `[...]`) into pairs and each pair at
//! `=`. A pair without `=` is a key without a value; an empty pair (`,,`) is
//! skipped. As in 22.11, every `=` ends a key, even a second one in the same
//! pair or one inside brackets (`a=b=c` is the pair `b`/`c`), and at most
//! [`MAX_PAIRS`] pairs fit: a further boundary is an error.

use std::ops::Range;

use crate::Error;

/// Most pairs one list holds (`RTE_KVARGS_MAX`).
pub const MAX_PAIRS: usize = 32;

/// One pair, as byte ranges of the parsed string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    /// The key.
    pub key: Range<usize>,
    /// The value, absent for a bare key.
    pub value: Option<Range<usize>>,
}

/// Splits `s` into pairs. The ranges never include a separator, so the
/// caller may write NULs over every separator to get C strings.
pub fn tokenize(s: &[u8]) -> Result<Vec<Pair>, Error> {
    let mut pairs = Vec::new();
    let mut in_list = false;
    let mut key: Option<Range<usize>> = None;
    let mut start = 0;
    for i in 0..=s.len() {
        let c = s.get(i).copied().unwrap_or(0);
        let ends_pair = match c {
            b'=' => false,
            b',' if !in_list => true,
            0 => true,
            b'[' => {
                in_list = true;
                continue;
            }
            b']' => {
                in_list = false;
                continue;
            }
            _ => continue,
        };
        if pairs.len() >= MAX_PAIRS {
            return Err(Error::InvalidArgument(format!("more than {MAX_PAIRS} key/value pairs")));
        }
        let field = start..i;
        let value = if ends_pair && key.is_some() {
            Some(field.clone())
        } else {
            key = Some(field.clone());
            None
        };
        if ends_pair {
            if value.is_some() || !field.is_empty() {
                pairs.push(Pair { key: key.take().unwrap_or(field), value });
            }
            key = None;
        }
        start = i + 1;
    }
    Ok(pairs)
}

/// Splits `s` into owned `(key, value)` pairs, refusing keys not in `valid`
/// (when given): the Rust-side equivalent of `rte_kvargs_parse`, for
/// drivers written in Rust.
pub fn parse(s: &str, valid: Option<&[&str]>) -> Result<Vec<(String, Option<String>)>, Error> {
    let pairs = tokenize(s.as_bytes())?;
    let mut out = Vec::with_capacity(pairs.len());
    for p in pairs {
        let key = &s[p.key];
        if let Some(v) = valid {
            if !v.contains(&key) {
                return Err(Error::InvalidArgument(format!("key \"{key}\" is not a valid key (valid: {v:?})")));
            }
        }
        out.push((key.to_string(), p.value.map(|r| s[r].to_string())));
    }
    Ok(out)
}

/// The length of the prefix of `s` before the first byte of `ends` (the
/// part `rte_kvargs_parse_delim` parses).
pub fn until_any(s: &[u8], ends: &[u8]) -> usize {
    s.iter().position(|b| ends.contains(b)).unwrap_or(s.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strs(s: &str) -> Vec<(String, Option<String>)> {
        tokenize(s.as_bytes())
            .unwrap()
            .into_iter()
            .map(|p| (s[p.key].to_string(), p.value.map(|v| s[v].to_string())))
            .collect()
    }

    fn kv(k: &str, v: Option<&str>) -> (String, Option<String>) {
        (k.to_string(), v.map(str::to_string))
    }

    #[test]
    fn pairs_keys_and_lists() {
        assert_eq!(strs("a=1,b=2"), vec![kv("a", Some("1")), kv("b", Some("2"))]);
        assert_eq!(strs("a,b=,c"), vec![kv("a", None), kv("b", Some("")), kv("c", None)]);
        assert_eq!(strs("l=[1,2,3],x=y"), vec![kv("l", Some("[1,2,3]")), kv("x", Some("y"))]);
        assert_eq!(strs(",,a=1,,"), vec![kv("a", Some("1"))]);
        assert_eq!(strs(""), vec![]);
        assert_eq!(strs("a=b=c"), vec![kv("b", Some("c"))]);
        assert_eq!(strs("=v"), vec![kv("", Some("v"))]);
    }

    #[test]
    fn too_many_pairs() {
        let s32 = (0..32).map(|i| format!("k{i}")).collect::<Vec<_>>().join(",");
        assert_eq!(tokenize(s32.as_bytes()).unwrap().len(), 32);
        assert!(tokenize(format!("{s32},").as_bytes()).is_err());
        assert!(tokenize(format!("{s32},x").as_bytes()).is_err());
    }

    #[test]
    fn owned_pairs_and_valid_keys() {
        let v = parse("size=64,copy", Some(&["size", "copy"])).unwrap();
        assert_eq!(v, vec![("size".into(), Some("64".into())), ("copy".into(), None)]);
        assert!(parse("size=64,bogus=1", Some(&["size"])).is_err());
        assert_eq!(parse("x=1", None).unwrap().len(), 1);
    }

    #[test]
    fn delim_prefix() {
        assert_eq!(until_any(b"a=1/b", b"/"), 3);
        assert_eq!(until_any(b"a=1", b"/"), 3);
    }
}
