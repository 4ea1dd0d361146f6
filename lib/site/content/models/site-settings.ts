import {z} from 'zod'
import {TopicLink, topicLinkFields} from './topic'
import {droppable, lenientArray, optionalText, text} from './zod'

/** The site's name, description, affiliate disclosure and navigation. */
export const siteSettingsFields = /* groq */ `{
  _id, title, description, affiliateDisclosure,
  "navTopics": navTopics[]->${topicLinkFields}
}`

export const SiteSettings = z.object({
  title: droppable(text, 'title', 'Broadsheet'),
  description: optionalText('description'),
  affiliateDisclosure: optionalText('affiliateDisclosure'),
  navTopics: lenientArray(TopicLink, 'navTopics'),
})
export type SiteSettings = z.output<typeof SiteSettings>
