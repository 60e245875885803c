"""The interview kit's exercises and data: the stage-2 dataset generator, scorecards and the stage-3 key."""
