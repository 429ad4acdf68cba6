use super::*;
use crate::store::{StoreError, codec};
use std::path::Path;
use std::time::Duration;

#[test]
fn frames_round_trip_and_headers_are_checked() {
    let f = frame(
        &Request::Case {
            number: "R8-000001".into(),
        },
        MAX_FRAME,
    )
    .unwrap();
    assert_eq!(&f[..4], b"TSNG");
    assert_eq!(f[4], PROTOCOL_VERSION);
    let mut r = &f[..];
    let body = read_frame(&mut r, MAX_FRAME, Duration::from_secs(1), || false).unwrap();
    let back: Request = decode_body(&body).unwrap();
    assert_eq!(
        back,
        Request::Case {
            number: "R8-000001".into()
        }
    );
    // and then the stream is closed between frames
    assert!(matches!(
        read_frame(&mut r, MAX_FRAME, Duration::from_secs(1), || false),
        Err(ReadError::Closed)
    ));

    let mut bad = f.clone();
    bad[0] = b'X';
    assert!(matches!(
        read_frame(&mut &bad[..], MAX_FRAME, Duration::from_secs(1), || false),
        Err(ReadError::Frame(FrameError::BadMagic))
    ));
    let mut v = f.clone();
    v[4] = 99;
    assert!(matches!(
        read_frame(&mut &v[..], MAX_FRAME, Duration::from_secs(1), || false),
        Err(ReadError::Frame(FrameError::Version { found: 99, .. }))
    ));
    let mut huge = f[..HEADER_LEN].to_vec();
    huge[5..9].copy_from_slice(&u32::MAX.to_be_bytes());
    assert!(matches!(
        read_frame(&mut &huge[..], MAX_FRAME, Duration::from_secs(1), || false),
        Err(ReadError::Frame(FrameError::TooLarge { .. }))
    ));
    assert!(matches!(
        read_frame(&mut &f[..f.len() - 1], MAX_FRAME, Duration::from_secs(1), || {
            false
        }),
        Err(ReadError::Truncated)
    ));
    assert_eq!(
        decode_body::<Request>(&[codec::VERSION, 250, 1, 2]),
        Err(FrameError::Malformed)
    );
    // a body over several chunks
    let big = frame(
        &Request::Case {
            number: "九".repeat(100_000),
        },
        MAX_FRAME,
    )
    .unwrap();
    let body = read_frame(&mut &big[..], MAX_FRAME, Duration::from_secs(1), || false).unwrap();
    assert_eq!(body.len(), big.len() - HEADER_LEN);
    assert!(matches!(
        read_frame(
            &mut &big[..big.len() - 1],
            MAX_FRAME,
            Duration::from_secs(1),
            || false
        ),
        Err(ReadError::Truncated)
    ));
    assert!(matches!(
        frame(
            &Request::Case {
                number: "x".repeat(100)
            },
            10
        ),
        Err(FrameEncodeError::TooLarge { .. })
    ));
}

#[test]
fn store_errors_cross_without_paths() {
    let e = StoreError::NotFound {
        path: "/srv/tsunagu/store".into(),
        what: "case",
        key: "R8-000009".into(),
    };
    let w = WireError::from_store(&e);
    let bytes = codec::encode(&Response::Err(w.clone())).unwrap();
    assert!(!String::from_utf8_lossy(&bytes).contains("/srv"));
    match w.into_store(Path::new("/run/tsunagu/tsunagu.sock")) {
        StoreError::NotFound { what, key, path } => {
            assert_eq!((what, key.as_str()), ("case", "R8-000009"));
            assert_eq!(path, Path::new("/run/tsunagu/tsunagu.sock"));
        }
        other => panic!("{other:?}"),
    }
    let denied = WireError::from_store(&StoreError::Denied {
        what: crate::domain::Op::AuditEntries.label_ja(),
    });
    assert!(matches!(
        denied.into_store(Path::new("s")),
        StoreError::Denied { what } if what == crate::domain::Op::AuditEntries.label_ja()
    ));
    assert!(matches!(
        WireError::Denied { what: "x".into() }.into_store(Path::new("s")),
        StoreError::Denied { what: "この操作" }
    ));
    let unknown = WireError::InvalidKey {
        what: "made up".into(),
    };
    assert!(matches!(
        unknown.into_store(Path::new("s")),
        StoreError::InvalidKey { what: "record", .. }
    ));
}
