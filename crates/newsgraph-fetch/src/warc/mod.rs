//! Streaming WARC reader: `.warc` and `.warc.gz` (one gzip member per record, as crawlers write
//! them, or any other split), one record in memory at a time.
//!
//! The `warc` crate was considered and not used: it reports no offsets, cannot resynchronise
//! after a corrupt record (its framing is lost for the rest of the file), reads a header until a
//! blank line with no bound, and decompresses a `.warc.gz` as one stream, so one bad gzip
//! member ends the file. Framing here is a small loop over lines; the HTTP message inside a
//! record is parsed by `httparse` and gzip members by `flate2`.

mod payload;
mod record;
mod source;

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::Path;

use flate2::bufread::GzDecoder;

use crate::error::WarcError;
use crate::record::{Fetched, Origin};
use record::{read_record, Bad, Step};
use source::Source;

/// The first bytes of every gzip member: magic and the deflate method.
const GZIP_MAGIC: &[u8] = b"\x1f\x8b\x08";
/// What a record starts with, after the line end that closes the previous one.
const RECORD_MARK: &[u8] = b"\nWARC/";

/// Limits for reading an archive.
#[derive(Debug, Clone)]
pub struct WarcOptions {
    /// The largest payload kept (after HTTP decoding); larger responses are skipped and counted.
    pub max_body: u64,
    /// The largest record header, and the largest HTTP response head inside a record.
    pub max_header: usize,
}

impl Default for WarcOptions {
    fn default() -> WarcOptions {
        WarcOptions {
            max_body: 10 * 1024 * 1024,
            max_header: 64 * 1024,
        }
    }
}

/// Counts of what a WARC file held.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WarcStats {
    /// HTML responses yielded as documents.
    pub documents: u64,
    /// Records skipped, by kind: the `WARC-Type` (`warcinfo`, `request`, `metadata`, ...) or,
    /// for responses, why (`response image/jpeg`, `response 4xx`, ...).
    pub skipped: BTreeMap<String, u64>,
    /// Corrupt records and unreadable gzip members reported as errors.
    pub corrupt: u64,
}

impl WarcStats {
    /// All records skipped, whatever their kind.
    pub fn skipped_total(&self) -> u64 {
        self.skipped.values().sum()
    }
}

/// Reads the HTML responses of a WARC file as [`Fetched`] records (URL from
/// `WARC-Target-URI`, `fetched_at` from `WARC-Date`), yielding an error for each corrupt record
/// and going on after it. Gzip is recognised by its magic bytes, not the file name.
pub struct WarcRecords<R: BufRead> {
    state: State<R>,
    options: WarcOptions,
    stats: WarcStats,
}

/// The decompressed bytes of a gzip member, over the file.
type Inner<R> = Source<BufReader<GzDecoder<Source<R>>>>;

/// The gzip member being read.
struct Member<R> {
    /// Its offset in the file.
    offset: u64,
    /// Its decompressed records.
    inner: Inner<R>,
    /// Whether an error was already reported for it.
    reported: bool,
}

/// What a step of the reader did.
// Moved once per record, whose body is on the heap anyway; boxing would buy nothing.
#[allow(clippy::large_enum_variant)]
enum Flow {
    /// A record or an error to hand out.
    Yield(Result<Fetched, WarcError>),
    /// Nothing to hand out yet; the state was updated.
    Continue,
    /// The end of the input (or an error that ends it was already handed out).
    End,
}

// Replaced once per step; boxing the member would add an allocation per gzip member for nothing.
#[allow(clippy::large_enum_variant)]
enum State<R: BufRead> {
    /// An uncompressed file; `resync_from` is set after a record's framing was lost there.
    Plain {
        src: Source<R>,
        resync_from: Option<u64>,
    },
    /// Between gzip members; `resync_from` is set after a member could not be read.
    Between {
        src: Source<R>,
        resync_from: Option<u64>,
    },
    /// Inside a gzip member; `resync_from` as for `Plain`, in the member's bytes.
    Member {
        member: Member<R>,
        resync_from: Option<u64>,
    },
    Done,
}

impl WarcRecords<BufReader<File>> {
    /// Opens a `.warc` or `.warc.gz` file.
    pub fn open(path: &Path, options: WarcOptions) -> io::Result<WarcRecords<BufReader<File>>> {
        let file = File::open(path)?;
        WarcRecords::new(BufReader::with_capacity(1 << 20, file), options)
    }
}

impl<R: BufRead> WarcRecords<R> {
    /// Reads from any buffered reader, positioned at the start of the archive.
    pub fn new(mut reader: R, options: WarcOptions) -> io::Result<WarcRecords<R>> {
        let gzip = reader.fill_buf()?.starts_with(&GZIP_MAGIC[..2]);
        let src = Source::new(reader);
        let state = if gzip {
            State::Between {
                src,
                resync_from: None,
            }
        } else {
            State::Plain {
                src,
                resync_from: None,
            }
        };
        Ok(WarcRecords {
            state,
            options,
            stats: WarcStats::default(),
        })
    }

    /// What has been read so far; complete once the iterator has returned `None`.
    pub fn stats(&self) -> &WarcStats {
        &self.stats
    }

    fn step_plain(&mut self, mut src: Source<R>, resync_from: Option<u64>) -> Flow {
        if let Some(from) = resync_from {
            match resync(&mut src, from, RECORD_MARK, 5) {
                Ok(true) => {}
                Ok(false) => return Flow::End,
                Err(e) => return Flow::Yield(Err(io_error(&src, e))),
            }
        }
        loop {
            match read_record(&mut src, &self.options) {
                Ok(Step::Eof) => return Flow::End,
                Ok(Step::Skipped(kind)) => *self.stats.skipped.entry(kind).or_default() += 1,
                Ok(Step::Document(doc)) => {
                    self.stats.documents += 1;
                    self.state = State::Plain {
                        src,
                        resync_from: None,
                    };
                    return Flow::Yield(Ok(*doc));
                }
                Err(Bad::Io(e)) => return Flow::Yield(Err(io_error(&src, e))),
                Err(Bad::Record { at, reason }) => {
                    self.stats.corrupt += 1;
                    self.state = State::Plain {
                        src,
                        resync_from: None,
                    };
                    return Flow::Yield(Err(corrupt(at, None, reason)));
                }
                Err(Bad::Framing { at, reason }) => {
                    self.stats.corrupt += 1;
                    self.state = State::Plain {
                        src,
                        resync_from: Some(at),
                    };
                    return Flow::Yield(Err(corrupt(at, None, reason)));
                }
            }
        }
    }

    /// Opens the next gzip member, after skipping to one if the last could not be read.
    fn open_member(&mut self, mut src: Source<R>, resync_from: Option<u64>) -> Flow {
        if let Some(from) = resync_from {
            match resync(&mut src, from, GZIP_MAGIC, GZIP_MAGIC.len()) {
                Ok(true) => {}
                Ok(false) => return Flow::End,
                Err(e) => return Flow::Yield(Err(io_error(&src, e))),
            }
        }
        let offset = src.pos();
        let is_member = match src.fill_buf() {
            Ok([]) => return Flow::End,
            Ok(head) => head.starts_with(&GZIP_MAGIC[..head.len().min(GZIP_MAGIC.len())]),
            Err(e) => return Flow::Yield(Err(io_error(&src, e))),
        };
        if !is_member {
            self.stats.corrupt += 1;
            self.state = State::Between {
                src,
                resync_from: Some(offset),
            };
            return Flow::Yield(Err(corrupt(offset, None, "not a gzip member".to_string())));
        }
        let decoder = BufReader::new(GzDecoder::new(src));
        self.state = State::Member {
            member: Member {
                offset,
                inner: Source::new(decoder),
                reported: false,
            },
            resync_from: None,
        };
        Flow::Continue
    }

    fn step_member(&mut self, member: Member<R>, resync_from: Option<u64>) -> Flow {
        let Member {
            offset,
            mut inner,
            mut reported,
        } = member;
        // Any read error inside a member is taken as a broken member (bad deflate data or a
        // checksum mismatch): the rest of it is abandoned and the next member sought. Damaged
        // deflate data often decodes to garbage before the checksum fails, so a member whose
        // garbage was already reported is not reported twice.
        let broken = |this: &mut Self, inner: Inner<R>, reported: bool, e: io::Error| {
            let at = inner.pos();
            let src = inner.into_inner().into_inner().into_inner();
            this.state = State::Between {
                src,
                resync_from: Some(offset),
            };
            if reported {
                return Flow::Continue;
            }
            this.stats.corrupt += 1;
            let reason = format!("unreadable gzip member: {e}");
            Flow::Yield(Err(corrupt(offset, Some(at), reason)))
        };
        if let Some(from) = resync_from {
            match resync(&mut inner, from, RECORD_MARK, 5) {
                Ok(true) => {}
                Ok(false) => return self.end_member(inner),
                Err(e) => return broken(self, inner, reported, e),
            }
        }
        loop {
            let (at, reason, lost) = match read_record(&mut inner, &self.options) {
                Ok(Step::Eof) => return self.end_member(inner),
                Ok(Step::Skipped(kind)) => {
                    *self.stats.skipped.entry(kind).or_default() += 1;
                    continue;
                }
                Ok(Step::Document(mut doc)) => {
                    self.stats.documents += 1;
                    if let Origin::Warc { offset: o, .. } = &mut doc.origin {
                        *o = offset;
                    }
                    self.state = State::Member {
                        member: Member {
                            offset,
                            inner,
                            reported,
                        },
                        resync_from: None,
                    };
                    return Flow::Yield(Ok(*doc));
                }
                Err(Bad::Io(e)) => return broken(self, inner, reported, e),
                Err(Bad::Record { at, reason }) => (at, reason, false),
                Err(Bad::Framing { at, reason }) => (at, reason, true),
            };
            self.stats.corrupt += 1;
            reported = true;
            self.state = State::Member {
                member: Member {
                    offset,
                    inner,
                    reported,
                },
                resync_from: lost.then_some(at),
            };
            return Flow::Yield(Err(corrupt(offset, Some(at), reason)));
        }
    }

    /// Hands the file back after a member's last record, for the next member.
    fn end_member(&mut self, inner: Inner<R>) -> Flow {
        let src = inner.into_inner().into_inner().into_inner();
        self.state = State::Between {
            src,
            resync_from: None,
        };
        Flow::Continue
    }
}

/// Skips past `from` and on to the next `mark`, keeping its last `keep` bytes to parse.
fn resync<B: BufRead>(
    src: &mut Source<B>,
    from: u64,
    mark: &[u8],
    keep: usize,
) -> io::Result<bool> {
    src.move_past(from)?;
    src.skip_to(mark, keep)
}

fn corrupt(offset: u64, in_member: Option<u64>, reason: String) -> WarcError {
    WarcError::Corrupt {
        offset,
        in_member,
        reason,
    }
}

fn io_error<B: BufRead>(src: &Source<B>, source: io::Error) -> WarcError {
    WarcError::Io {
        offset: src.pos(),
        source,
    }
}

impl<R: BufRead> Iterator for WarcRecords<R> {
    type Item = Result<Fetched, WarcError>;

    fn next(&mut self) -> Option<Self::Item> {
        // Each step takes the state and puts back the next one; `Done` stays if it returns
        // without doing so (the end, or an I/O error that ends the file). A loop, not recursion,
        // moves from member to member: a crawl has millions.
        loop {
            let flow = match std::mem::replace(&mut self.state, State::Done) {
                State::Plain { src, resync_from } => self.step_plain(src, resync_from),
                State::Between { src, resync_from } => self.open_member(src, resync_from),
                State::Member {
                    member,
                    resync_from,
                } => self.step_member(member, resync_from),
                State::Done => Flow::End,
            };
            match flow {
                Flow::Yield(item) => return Some(item),
                Flow::End => return None,
                Flow::Continue => {}
            }
        }
    }
}
