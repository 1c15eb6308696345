//! The shoppers' social network: a Watts-Strogatz small world stored as compressed
//! sparse rows (CSR) of `u32` shopper ids.

use crate::sim::rng::{CounterRng, Stream};

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
        let mut degrees = vec![0u32; n as usize + 1];
        for i in 0..n {
            for j in 1..=half {
                if let Some(t) = target(i, j) {
                    degrees[i as usize] += 1;
                    degrees[t as usize] += 1;
                }
            }
        }
        let mut offsets = Vec::with_capacity(n as usize + 1);
        let mut total = 0u32;
        for d in &degrees[..n as usize] {
            offsets.push(total);
            total += d;
        }
        offsets.push(total);
        let mut fill: Vec<u32> = offsets[..n as usize].to_vec();
        let mut neighbours = vec![0u32; total as usize];
        for i in 0..n {
            for j in 1..=half {
                if let Some(t) = target(i, j) {
                    neighbours[fill[i as usize] as usize] = t;
                    fill[i as usize] += 1;
                    neighbours[fill[t as usize] as usize] = i;
                    fill[t as usize] += 1;
                }
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
    fn same_seed_same_graph() {
        let a = SocialNetwork::watts_strogatz(500, 6, 0.1, &CounterRng::new(9));
        let b = SocialNetwork::watts_strogatz(500, 6, 0.1, &CounterRng::new(9));
        assert_eq!(a, b);
    }
}
