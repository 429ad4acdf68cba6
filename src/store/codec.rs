//! The one place values are encoded for the store: bincode 2 (serde) behind a version
//! byte, with an allocation limit so a corrupt value cannot exhaust memory.
//! (bincode is unmaintained, RUSTSEC-2025-0141; JSON export is the long-term archive.)

use serde::Serialize;
use serde::de::DeserializeOwned;

/// The current encoding. Bump when a stored type changes shape, and read the values of
/// the older versions of that type with [`decode_upgrading`].
///
/// - 1: the first.
/// - 2: `Case` gained `consultations` (相談記録). Every other type is encoded as in 1.
pub const VERSION: u8 = 2;

/// The oldest encoding this build still reads. A type whose shape changed since must be
/// read with [`decode_upgrading`]; [`decode`] reads the bytes of every version from this
/// one as the current shape.
pub const OLDEST: u8 = 1;

/// Largest value the decoder will allocate for.
const LIMIT: usize = 64 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum CodecError {
    #[error("empty value")]
    Empty,
    #[error("value has encoding version {found}, this build reads {VERSION}")]
    Version { found: u8 },
    #[error("cannot encode value: {0}")]
    Encode(String),
    #[error("cannot decode value: {0}")]
    Decode(String),
    #[error("trailing bytes after value")]
    Trailing,
}

fn config() -> impl bincode::config::Config {
    bincode::config::standard().with_limit::<LIMIT>()
}

pub fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, CodecError> {
    let mut out = vec![VERSION];
    let body =
        bincode::serde::encode_to_vec(value, config()).map_err(|e| CodecError::Encode(e.to_string()))?;
    out.extend_from_slice(&body);
    Ok(out)
}

/// Decode a value of any version from [`OLDEST`] to [`VERSION`] as the current shape of
/// `T` (for the types whose shape has not changed since [`OLDEST`]).
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, CodecError> {
    let (version, body) = versioned(bytes)?;
    let _ = version;
    body_of(body)
}

/// Decode a value of a type that changed shape in version `changed_in`: older values are
/// read in their old shape `Old` and converted; newer ones as `T`.
pub fn decode_upgrading<T, Old>(bytes: &[u8], changed_in: u8) -> Result<T, CodecError>
where
    T: DeserializeOwned,
    Old: DeserializeOwned + Into<T>,
{
    let (version, body) = versioned(bytes)?;
    if version < changed_in {
        body_of::<Old>(body).map(Into::into)
    } else {
        body_of(body)
    }
}

/// The version byte (one this build reads) and the body.
fn versioned(bytes: &[u8]) -> Result<(u8, &[u8]), CodecError> {
    let (&version, body) = bytes.split_first().ok_or(CodecError::Empty)?;
    if !(OLDEST..=VERSION).contains(&version) {
        return Err(CodecError::Version { found: version });
    }
    Ok((version, body))
}

fn body_of<T: DeserializeOwned>(body: &[u8]) -> Result<T, CodecError> {
    let (value, used) =
        bincode::serde::decode_from_slice(body, config()).map_err(|e| CodecError::Decode(e.to_string()))?;
    if used != body.len() {
        return Err(CodecError::Trailing);
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_rejects_garbage() {
        let v = (String::from("ひきこもり"), vec![1u32, 2, 3], Some(7i64));
        let bytes = encode(&v).unwrap();
        assert_eq!(bytes[0], VERSION);
        let back: (String, Vec<u32>, Option<i64>) = decode(&bytes).unwrap();
        assert_eq!(back, v);
        assert!(matches!(decode::<String>(&[]), Err(CodecError::Empty)));
        assert!(matches!(
            decode::<String>(&[9, 0]),
            Err(CodecError::Version { found: 9 })
        ));
        // a length prefix far beyond the limit must fail, not allocate
        let huge = [VERSION, 0xfd, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f];
        assert!(decode::<String>(&huge).is_err());
        assert!(matches!(
            decode::<String>(&[0, 0]),
            Err(CodecError::Version { found: 0 })
        ));
        let mut trailing = encode(&5u32).unwrap();
        trailing.push(0);
        assert!(matches!(decode::<u32>(&trailing), Err(CodecError::Trailing)));
    }

    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
    struct Old {
        a: u32,
    }
    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
    struct New {
        a: u32,
        b: Vec<u32>,
    }
    impl From<Old> for New {
        fn from(o: Old) -> New {
            New { a: o.a, b: vec![] }
        }
    }

    #[test]
    fn older_shapes_are_read_and_converted() {
        let mut old = encode(&Old { a: 7 }).unwrap();
        old[0] = 1;
        assert_eq!(
            decode_upgrading::<New, Old>(&old, 2).unwrap(),
            New { a: 7, b: vec![] }
        );
        // The old bytes never pass for the new shape.
        assert!(decode::<New>(&old).is_err());
        let new = encode(&New { a: 1, b: vec![2] }).unwrap();
        assert_eq!(
            decode_upgrading::<New, Old>(&new, 2).unwrap(),
            New { a: 1, b: vec![2] }
        );
        // Types that kept their shape read from every version.
        let mut v1 = encode(&5u32).unwrap();
        v1[0] = 1;
        assert_eq!(decode::<u32>(&v1).unwrap(), 5);
    }
}
