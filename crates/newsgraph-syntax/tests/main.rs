//! Integration tests of `newsgraph-syntax`: CoNLL-U reading and writing, model files, the
//! tree property of every parse, the lemmatiser and the shipped model on sentences written for
//! these tests.

mod conllu;
mod model;
