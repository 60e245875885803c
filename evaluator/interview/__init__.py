"""The interview kit: the loop's stages, scorecards and the exercises' private variants with their keys."""
