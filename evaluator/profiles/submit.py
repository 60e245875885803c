"""The Spark engine as a spark-submit application (the driver runs this file; executors run only
Spark SQL, so they need no Python package of ours):

    spark-submit --master yarn --conf spark.driver.memory=2g \
        "$(python -c 'import evaluator.profiles.submit as s; print(s.__file__)')" \
        sales.transactions -o ref.profile.json.gz
"""

import sys

from evaluator.cli import main

if __name__ == "__main__":
    sys.exit(main(["profile", "--engine", "spark", *sys.argv[1:]]))
