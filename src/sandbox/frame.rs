//! Messages between strata and its template process: an 8-byte little-endian length, then
//! that many bytes of JSON.

use std::io::{Read, Write};

/// The largest message read: a context or a reply over this is refused (the output cap is
/// 16 MiB; contexts of real diffs are far smaller).
const MAX_FRAME: u64 = 256 * 1024 * 1024;

/// Writes one message.
pub(super) fn write_frame(out: &mut impl Write, bytes: &[u8]) -> std::io::Result<()> {
    out.write_all(&(bytes.len() as u64).to_le_bytes())?;
    out.write_all(bytes)?;
    out.flush()
}

/// Reads one message; `None` at the end of the stream.
pub(super) fn read_frame(input: &mut impl Read) -> std::io::Result<Option<Vec<u8>>> {
    let mut len = [0u8; 8];
    match input.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let len = u64::from_le_bytes(len);
    if len > MAX_FRAME {
        return Err(std::io::Error::other(format!(
            "a message of {len} bytes is over the limit of {MAX_FRAME}"
        )));
    }
    let mut bytes = Vec::new();
    input.take(len).read_to_end(&mut bytes)?;
    if bytes.len() as u64 != len {
        return Err(std::io::ErrorKind::UnexpectedEof.into());
    }
    Ok(Some(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip_and_end_cleanly() {
        let mut buf = Vec::new();
        write_frame(&mut buf, b"{\"a\":1}").unwrap();
        write_frame(&mut buf, b"").unwrap();
        let mut input = &buf[..];
        assert_eq!(read_frame(&mut input).unwrap().unwrap(), b"{\"a\":1}");
        assert_eq!(read_frame(&mut input).unwrap().unwrap(), b"");
        assert!(read_frame(&mut input).unwrap().is_none());
        let truncated = &buf[..10];
        assert!(read_frame(&mut &truncated[..]).is_err());
    }
}
