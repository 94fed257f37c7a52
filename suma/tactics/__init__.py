"""The tactics of the repertoire, one app each: petitions, pledges and strikes."""
