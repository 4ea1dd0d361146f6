import {Badge, Box, Card, Flex, Spinner, Stack, Text} from '@sanity/ui'
import {useEffect, useState} from 'react'
import {getPublishedId, useClient} from 'sanity'
import {IntentLink} from 'sanity/router'
import type {UserViewComponent} from 'sanity/structure'
import {studioApiVersion} from '../env'
import {USED_IN_QUERY, mergeCitations, type Citation, type CitingArticleRow} from '../lib/used-in'

type State = {status: 'loading'} | {status: 'error'; message: string} | {status: 'done'; citations: Citation[]}

const dateFormat = new Intl.DateTimeFormat('en-GB', {day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC'})

/**
 * A document view for quotes and principle lists: the articles that embed or otherwise reference this
 * document, so an editor sees what a change or an unpublish would affect.
 */
export const UsedInView: UserViewComponent = ({documentId}) => {
  const client = useClient({apiVersion: studioApiVersion})
  const id = getPublishedId(documentId)
  // the answer remembers which document it is for, so another document shows 'loading' without a reset in the effect
  const [answer, setAnswer] = useState<{id: string; state: State} | null>(null)
  const state: State = answer && answer.id === id ? answer.state : {status: 'loading'}

  useEffect(() => {
    let current = true
    const settle = (next: State) => current && setAnswer({id, state: next})
    client
      .withConfig({perspective: 'raw'})
      .fetch<CitingArticleRow[]>(USED_IN_QUERY, {id}, {tag: 'studio.used-in'})
      .then(
        (rows) => settle({status: 'done', citations: mergeCitations(rows)}),
        (error: unknown) => settle({status: 'error', message: error instanceof Error ? error.message : String(error)}),
      )
    return () => {
      current = false
    }
  }, [client, id])

  return (
    <Box padding={4}>
      <Stack space={4}>
        <Text as="h2" size={2} weight="semibold">
          Used in
        </Text>
        {state.status === 'loading' && (
          <Flex align="center" gap={3} role="status">
            <Spinner muted />
            <Text muted size={1}>
              Looking for articles that use this document…
            </Text>
          </Flex>
        )}
        {state.status === 'error' && (
          <Card tone="critical" padding={3} radius={2} role="alert">
            <Text size={1}>Could not load the articles: {state.message}</Text>
          </Card>
        )}
        {state.status === 'done' && state.citations.length === 0 && (
          <Text muted size={1}>
            No article uses this document yet.
          </Text>
        )}
        {state.status === 'done' && state.citations.length > 0 && (
          <Stack as="ul" space={2} aria-label="Articles using this document">
            {state.citations.map((citation) => (
              <Card as="li" key={citation.id} padding={3} radius={2} border>
                <Flex align="center" gap={3} justify="space-between">
                  <Stack space={2}>
                    <Text size={1} weight="medium">
                      <IntentLink intent="edit" params={{id: citation.id, type: 'article'}}>
                        {citation.title}
                      </IntentLink>
                    </Text>
                    <Text muted size={1}>
                      {citation.publishedAt ? dateFormat.format(new Date(citation.publishedAt)) : 'No date'}
                    </Text>
                  </Stack>
                  <Badge tone={citation.status === 'published' ? 'positive' : 'caution'}>
                    {citation.status === 'published' ? (citation.hasDraft ? 'Published, edited' : 'Published') : 'Draft'}
                  </Badge>
                </Flex>
              </Card>
            ))}
          </Stack>
        )}
      </Stack>
    </Box>
  )
}
