// Versions side by side, one column each, rows grouped by section; rows where the versions differ
// are marked (colour and a "differs" word for screen readers) and can be shown alone.
import { Fragment, useState } from "react";
import { Link } from "react-router-dom";
import { graphql } from "../../../gql";
import type { CompareTable_RunFragment, CompareTable_VersionFragment } from "../../../gql/graphql";
import { compareRows, SECTIONS, type Cell } from "./compareRows";
import "../compare.css";

graphql(`
  fragment CompareTable_Version on ModelVersion {
    id
    version
    status
    stage
    description
    createdAt
    uploadedBy { id email }
    card {
      inputs { name dtype shape }
      outputs { name dtype shape }
      opsets { domain version }
      producer
      irVersion
      parameterCount
      sizeBytes
      sha256
      latencyP50Ms
      latencyP95Ms
      intendedUse
      trainingData
      metrics
      limitations
    }
    report { name status message }
    deployments { id environment status trafficPercent }
  }
`);

graphql(`
  fragment CompareTable_Run on ScoringRun {
    id
    status
    createdAt
    finishedAt
    windows
    productionVersion { id version }
    metrics { windows agreementRate meanAbsDifference latencyP95Ms version { id } }
  }
`);

function CellView({ cell }: { cell: Cell }) {
  const text = cell.tone ? <span className={`badge ${cell.tone}`}>{cell.text}</span> : cell.text;
  return (
    <>
      {text}
      {cell.detail && <div className="muted compare-detail">{cell.detail}</div>}
    </>
  );
}

export function CompareTable({ modelName, versions, runs }: {
  modelName: string;
  versions: CompareTable_VersionFragment[];
  runs: CompareTable_RunFragment[];
}) {
  const [onlyDifferences, setOnlyDifferences] = useState(false);
  const rows = compareRows(versions, runs);
  const differing = rows.filter((r) => r.differs).length;
  const shown = onlyDifferences ? rows.filter((r) => r.differs) : rows;
  return (
    <>
      <div className="row compare-tools">
        <label className="inline">
          <input type="checkbox" checked={onlyDifferences} onChange={(e) => setOnlyDifferences(e.target.checked)} />
          Show only differences
        </label>
        <span className="muted" role="status">
          {differing === 0 ? "The versions agree on every row." : `${differing} of ${rows.length} rows differ.`}
          {versions[0] && ` Changes in % are against v${versions[0].version}.`}
        </span>
      </div>
      <div className="table-wrap compare-wrap">
        <table className="compare">
          <caption className="sr-only">
            {modelName}: {versions.map((v) => `v${v.version}`).join(", ")} side by side; rows marked “differs” disagree
          </caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              {versions.map((v) => (
                <th scope="col" key={v.id}>
                  <Link to={`/models/versions/${encodeURIComponent(v.id)}`}>v{v.version}</Link>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {SECTIONS.map((section) => {
              const inSection = shown.filter((r) => r.section === section);
              if (inSection.length === 0) return null;
              return (
                <Fragment key={section}>
                  <tr className="compare-section">
                    <th scope="colgroup" colSpan={versions.length + 1}><span>{section}</span></th>
                  </tr>
                  {inSection.map((r) => (
                    <tr key={`${section}/${r.label}`} className={r.differs ? "differs" : undefined}>
                      <th scope="row">
                        {r.label}
                        {r.differs && <span className="differs-mark"> differs</span>}
                      </th>
                      {r.cells.map((c, i) => (
                        <td key={versions[i]?.id ?? i}><CellView cell={c} /></td>
                      ))}
                    </tr>
                  ))}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
