//! The service's frame decoder (`tsunagu::service::protocol`): a byte stream read as
//! frames the way the server reads requests (`read_frame`, header checked before the
//! body is allocated), each body decoded as a `Request` and as a `Response`; and the
//! input decoded directly as a body. Never a panic, never an allocation past the caps;
//! whatever decodes re-encodes and decodes to the same message.

#![no_main]

use libfuzzer_sys::fuzz_target;
use std::io::Cursor;
use std::time::Duration;
use tsunagu::service::protocol::{
    HEADER_LEN, MAX_ANSWER, MAX_FRAME, Request, Response, decode_body, frame, parse_header, read_frame,
};

fn round_trip<T>(msg: &T)
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let Ok(bytes) = frame(msg, MAX_ANSWER) else {
        return;
    };
    let mut cursor = Cursor::new(bytes);
    let body = match read_frame(&mut cursor, MAX_ANSWER, Duration::from_secs(1), || false) {
        Ok(body) => body,
        Err(e) => panic!("a frame we wrote does not read back: {e:?}"),
    };
    match decode_body::<T>(&body) {
        Ok(back) => assert_eq!(&back, msg),
        Err(e) => panic!("a body we wrote does not decode: {e:?}"),
    }
}

fn body(bytes: &[u8]) {
    if let Ok(req) = decode_body::<Request>(bytes) {
        let _ = req.name();
        let _ = req.is_read_only();
        round_trip(&req);
    }
    if let Ok(resp) = decode_body::<Response>(bytes) {
        round_trip(&resp);
    }
}

fuzz_target!(|data: &[u8]| {
    if let Some(header) = data.first_chunk::<HEADER_LEN>() {
        let _ = parse_header(header, MAX_FRAME);
    }
    let mut stream = Cursor::new(data);
    while let Ok(frame_body) = read_frame(&mut stream, MAX_FRAME, Duration::from_secs(1), || false) {
        body(&frame_body);
    }
    body(data);
});
