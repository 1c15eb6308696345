//! The shoppers' social network: a Watts-Strogatz small world stored as compressed
//! sparse rows (CSR) of `u32` shopper ids.

use crate::sim::rng::{CounterRng, Stream};
use rayon::prelude::*;
use std::sync::atomic::{AtomicU8, Ordering};

/// An undirected graph over shoppers `0..n` in CSR form: the neighbours of `i` are
/// `neighbours[offsets[i]..offsets[i + 1]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SocialNetwork {
    offsets: Vec<u32>,
    neighbours: Vec<u32>,
}

impl SocialNetwork {
    /// A Watts-Strogatz ring (Watts & Strogatz 1998): each shopper is tied to the
    /// `degree / 2` next shoppers on a ring, and each tie is rewired to a uniformly
    /// chosen shopper with probability `rewiring`. Self-ties are never made; a rare
    /// duplicate tie is kept (it only weighs that neighbour twice).
    pub fn watts_strogatz(n: u32, degree: u32, rewiring: f64, rng: &CounterRng) -> SocialNetwork {
        let half = (degree / 2).min(n.saturating_sub(1) / 2);
        let target = |i: u32, j: u32| -> Option<u32> {
            let ring = ((i as u64 + j as u64) % n as u64) as u32;
            let key = i as u64 * 64 + j as u64;
            let rewire = rng.uniform(Stream::Network, 0, key) < rewiring;
            let t = if rewire {
                let pick = (rng.bits(Stream::Network, 1, key) % n as u64) as u32;
                if pick == i {
                    ring
                } else {
                    pick
                }
            } else {
                ring
            };
            (t != i).then_some(t)
        };
        // The ties' targets, hashed once and in parallel (each is a pure function of
        // `(i, j)`); `u32::MAX` marks a tie that was not made.
        let half_usize = half as usize;
        let mut targets = vec![u32::MAX; n as usize * half_usize];
        if half_usize > 0 {
            targets
                .par_chunks_mut(half_usize)
                .enumerate()
                .for_each(|(i, row)| {
                    for (slot, j) in row.iter_mut().zip(1..=half) {
                        if let Some(t) = target(i as u32, j) {
                            *slot = t;
                        }
                    }
                });
        }
        let mut degrees = vec![0u32; n as usize + 1];
        for (i, row) in targets.chunks(half_usize.max(1)).enumerate() {
            for &t in row.iter().filter(|&&t| t != u32::MAX) {
                degrees[i] += 1;
                degrees[t as usize] += 1;
            }
        }
        let mut offsets = Vec::with_capacity(n as usize + 1);
        let mut total = 0u32;
        for d in &degrees[..n as usize] {
            offsets.push(total);
            total += d;
        }
        offsets.push(total);
        drop(degrees);
        // Filled in the order of the sequential construction: row by row, each tie
        // added to both ends as it is met.
        let mut fill: Vec<u32> = offsets[..n as usize].to_vec();
        let mut neighbours = vec![0u32; total as usize];
        for (i, row) in targets.chunks(half_usize.max(1)).enumerate() {
            for &t in row.iter().filter(|&&t| t != u32::MAX) {
                neighbours[fill[i] as usize] = t;
                fill[i] += 1;
                neighbours[fill[t as usize] as usize] = i as u32;
                fill[t as usize] += 1;
            }
        }
        SocialNetwork {
            offsets,
            neighbours,
        }
    }

    /// A network with `n` shoppers and no ties.
    pub fn empty(n: u32) -> SocialNetwork {
        SocialNetwork {
            offsets: vec![0; n as usize + 1],
            neighbours: Vec::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    #[inline]
    pub fn neighbours(&self, shopper: usize) -> &[u32] {
        let start = self.offsets[shopper] as usize;
        let end = self.offsets[shopper + 1] as usize;
        &self.neighbours[start..end]
    }

    pub fn tie_count(&self) -> usize {
        self.neighbours.len() / 2
    }

    /// Bytes held by the graph.
    pub fn memory_bytes(&self) -> usize {
        (self.offsets.len() + self.neighbours.len()) * std::mem::size_of::<u32>()
    }
}

/// A set of shoppers that parallel workers may add to at the same time.
///
/// Word of mouth uses it to skip shoppers none of whose neighbours has anything to
/// say: each shopper with non-zero sentiment marks its neighbours for the next day.
/// Marking is an idempotent byte store (relaxed atomic, a plain `mov` on common
/// hardware), so the resulting set never depends on the thread count or scheduling.
#[derive(Debug, Default)]
pub struct ShopperMarks(Vec<AtomicU8>);

impl ShopperMarks {
    /// `n` shoppers, none marked.
    pub fn new(n: usize) -> ShopperMarks {
        ShopperMarks((0..n).map(|_| AtomicU8::new(0)).collect())
    }

    /// Adds every neighbour of `shopper` to the set.
    #[inline]
    pub fn mark_neighbours(&self, network: &SocialNetwork, shopper: usize) {
        for &t in network.neighbours(shopper) {
            if let Some(mark) = self.0.get(t as usize) {
                mark.store(1, Ordering::Relaxed);
            }
        }
    }

    /// Whether `shopper` is in the set; removes it. Only the shopper's own worker
    /// may call this while others mark.
    #[inline]
    pub fn take(&self, shopper: usize) -> bool {
        match self.0.get(shopper) {
            Some(mark) if mark.load(Ordering::Relaxed) != 0 => {
                mark.store(0, Ordering::Relaxed);
                true
            }
            _ => false,
        }
    }

    /// Bytes held by the set.
    pub fn memory_bytes(&self) -> usize {
        self.0.len()
    }
}

/// What every shopper said on one day, as neighbours hear it the next day (E16:
/// word of mouth is synchronous, everyone hears yesterday's sentiment).
///
/// Besides the sentiment itself it keeps two sparse views, because on a typical
/// day only a small share of shoppers talk at all: a bitmap of talkers (small
/// enough to stay in cache) and the marks of shoppers who have a talking neighbour.
#[derive(Debug, Clone, Default)]
pub struct Talk {
    /// Sentiment of every shopper at the end of the day.
    pub sentiment: Vec<f32>,
    /// Bit `i % 64` of word `i / 64` is set when shopper `i`'s sentiment is non-zero.
    pub talkers: Vec<u64>,
    /// Shoppers with at least one talking neighbour.
    pub listeners: ShopperMarks,
}

impl Talk {
    /// `n` silent shoppers.
    pub fn new(n: usize) -> Talk {
        Talk {
            sentiment: vec![0.0; n],
            talkers: vec![0; n.div_ceil(64)],
            listeners: ShopperMarks::new(n),
        }
    }

    #[inline]
    pub fn is_talker(&self, shopper: usize) -> bool {
        self.talkers
            .get(shopper / 64)
            .is_some_and(|word| word >> (shopper % 64) & 1 != 0)
    }

    /// Mean sentiment of the neighbours of `shopper`: the `f32` sum over its ties in
    /// their stored order, divided by the number of ties (0 without ties).
    ///
    /// Silent neighbours are skipped without reading their sentiment: adding `+0.0`
    /// to a sum of non-negative numbers never changes it, so the result is exactly
    /// that of the full sum.
    #[inline]
    pub fn heard(&self, network: &SocialNetwork, shopper: usize) -> f64 {
        let ties = network.neighbours(shopper);
        if ties.is_empty() {
            return 0.0;
        }
        let mut sum = 0.0f32;
        for &t in ties {
            if self.is_talker(t as usize) {
                sum += self.sentiment.get(t as usize).copied().unwrap_or(0.0);
            }
        }
        sum as f64 / ties.len() as f64
    }

    /// Bytes held.
    pub fn memory_bytes(&self) -> usize {
        self.sentiment.len() * 4 + self.talkers.len() * 8 + self.listeners.memory_bytes()
    }
}

impl Clone for ShopperMarks {
    fn clone(&self) -> ShopperMarks {
        ShopperMarks(
            self.0
                .iter()
                .map(|mark| AtomicU8::new(mark.load(Ordering::Relaxed)))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ring_without_rewiring_is_regular() {
        let net = SocialNetwork::watts_strogatz(100, 6, 0.0, &CounterRng::new(1));
        for i in 0..100 {
            let mut n: Vec<u32> = net.neighbours(i).to_vec();
            n.sort_unstable();
            let i = i as u32;
            let mut expected: Vec<u32> = [1u32, 2, 3]
                .iter()
                .flat_map(|j| [(i + j) % 100, (i + 100 - j) % 100])
                .collect();
            expected.sort_unstable();
            assert_eq!(n, expected);
        }
    }

    #[test]
    fn rewiring_keeps_ties_symmetric_and_loop_free() {
        let net = SocialNetwork::watts_strogatz(1000, 6, 0.1, &CounterRng::new(2));
        assert_eq!(net.tie_count(), 3000);
        for i in 0..1000usize {
            for &t in net.neighbours(i) {
                assert_ne!(t as usize, i);
                assert!(net.neighbours(t as usize).contains(&(i as u32)));
            }
        }
        let ring = SocialNetwork::watts_strogatz(1000, 6, 0.0, &CounterRng::new(2));
        assert_ne!(net, ring, "some ties were rewired");
    }

    #[test]
    fn tiny_populations_have_no_self_ties() {
        for n in 0..5 {
            let net = SocialNetwork::watts_strogatz(n, 6, 0.5, &CounterRng::new(3));
            assert_eq!(net.len(), n as usize);
            for i in 0..n as usize {
                assert!(!net.neighbours(i).contains(&(i as u32)));
            }
        }
    }

    #[test]
    fn marks_reach_exactly_the_neighbours_and_are_taken_once() {
        let net = SocialNetwork::watts_strogatz(50, 6, 0.2, &CounterRng::new(4));
        let marks = ShopperMarks::new(50);
        marks.mark_neighbours(&net, 10);
        let copy = marks.clone();
        for i in 0..50 {
            let expected = net.neighbours(10).contains(&(i as u32));
            assert_eq!(marks.take(i), expected, "shopper {i}");
            assert!(!marks.take(i), "taken twice: {i}");
            assert_eq!(copy.take(i), expected, "clone keeps the marks: {i}");
        }
        assert!(!marks.take(50), "out of range is unmarked");
    }

    #[test]
    fn heard_skips_silent_neighbours_without_changing_the_sum() {
        let net = SocialNetwork::watts_strogatz(200, 6, 0.3, &CounterRng::new(5));
        let mut talk = Talk::new(200);
        for i in (0..200).step_by(7) {
            talk.sentiment[i] = 0.1 + (i as f32) * 0.003;
            talk.talkers[i / 64] |= 1 << (i % 64);
        }
        for i in 0..200 {
            let ties = net.neighbours(i);
            let full: f32 = ties.iter().map(|&t| talk.sentiment[t as usize]).sum();
            let expected = full as f64 / ties.len() as f64;
            assert_eq!(
                talk.heard(&net, i).to_bits(),
                expected.to_bits(),
                "shopper {i}"
            );
        }
    }

    #[test]
    fn same_seed_same_graph() {
        let a = SocialNetwork::watts_strogatz(500, 6, 0.1, &CounterRng::new(9));
        let b = SocialNetwork::watts_strogatz(500, 6, 0.1, &CounterRng::new(9));
        assert_eq!(a, b);
    }
}
