"""The interview exercises: private variants of stages 2 and 3, generated from a seed, with their keys."""
