//! The one place values are encoded for the store: bincode 2 (serde) behind a version
//! byte, with an allocation limit so a corrupt value cannot exhaust memory.
//! (bincode is unmaintained, RUSTSEC-2025-0141; JSON export is the long-term archive.)

use serde::Serialize;
use serde::de::DeserializeOwned;

/// The current encoding. Bump when a stored type changes shape.
pub const VERSION: u8 = 1;

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

pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, CodecError> {
    let (&version, body) = bytes.split_first().ok_or(CodecError::Empty)?;
    if version != VERSION {
        return Err(CodecError::Version { found: version });
    }
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
        let mut trailing = encode(&5u32).unwrap();
        trailing.push(0);
        assert!(matches!(decode::<u32>(&trailing), Err(CodecError::Trailing)));
    }
}
