type Props = {minutes: number}

export function ReadingTime({minutes}: Props) {
  return <span className="reading-time">{minutes} min read</span>
}
